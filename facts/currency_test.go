package facts

import "testing"

func TestCurrency(t *testing.T) {
	tests := []struct{ name, want string }{
		{"yuan", "CNY"}, {"RMB", "CNY"}, {"renminbi", "CNY"}, {"¥", "CNY"},
		{"usd", "USD"}, {"dollars", "USD"}, {"US dollars", "USD"}, {"U.S. dollars", "USD"}, {"US$", "USD"}, {"U.S. $", "USD"},
		{"euro", "EUR"}, {"Euros", "EUR"}, {"eur", "EUR"}, {"€", "EUR"},
		{"yen", "JPY"}, {"JPY", "JPY"},
		{"rupees", "INR"}, {"inr", "INR"}, {"Rs.", "INR"}, {"₹", "INR"},
		{"won", "KRW"}, {"krw", "KRW"},
		{"pounds", "GBP"}, {"sterling", "GBP"}, {"gbp", "GBP"}, {"£", "GBP"},
		{"hk dollars", "HKD"}, {"Hong Kong dollars", "HKD"}, {"hkd", "HKD"}, {"HK$", "HKD"},
		{"NT$", "TWD"}, {"S$", "SGD"},
		{"points", ""}, {"", ""}, {"dollar store", ""},
	}
	for _, tt := range tests {
		if got := Currency(tt.name); got != tt.want {
			t.Errorf("Currency(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}
