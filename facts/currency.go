package facts

import "strings"

// currencyNames maps what people write for a currency — its name, plural,
// ISO code or symbol, folded by currencyKey — to its ISO 4217 code. It is
// the project's one table of currencies: figures in the text and currencies
// named in questions are both read with it.
var currencyNames = map[string]string{
	// Chinese yuan. A bare "¥" is read as yuan: the corpus's home topic is
	// China; "yen" or "JPY" says otherwise.
	"yuan": "CNY", "renminbi": "CNY", "rmb": "CNY", "cny": "CNY", "chinese yuan": "CNY", "¥": "CNY",
	"dollar": "USD", "dollars": "USD", "us dollar": "USD", "us dollars": "USD", "usd": "USD",
	"us$": "USD", "$": "USD", "american dollars": "USD",
	"euro": "EUR", "euros": "EUR", "eur": "EUR", "€": "EUR",
	"yen": "JPY", "jpy": "JPY", "japanese yen": "JPY",
	"rupee": "INR", "rupees": "INR", "inr": "INR", "rs": "INR", "₹": "INR", "indian rupees": "INR",
	"won": "KRW", "krw": "KRW", "korean won": "KRW", "₩": "KRW",
	"pound": "GBP", "pounds": "GBP", "sterling": "GBP", "pounds sterling": "GBP", "gbp": "GBP", "£": "GBP",
	"hk dollar": "HKD", "hk dollars": "HKD", "hong kong dollar": "HKD", "hong kong dollars": "HKD", "hkd": "HKD", "hk$": "HKD",
	"nt dollar": "TWD", "nt dollars": "TWD", "new taiwan dollar": "TWD", "new taiwan dollars": "TWD", "taiwan dollars": "TWD", "twd": "TWD", "nt$": "TWD",
	"singapore dollar": "SGD", "singapore dollars": "SGD", "sgd": "SGD", "s$": "SGD",
	"australian dollar": "AUD", "australian dollars": "AUD", "aud": "AUD", "a$": "AUD",
	"canadian dollar": "CAD", "canadian dollars": "CAD", "cad": "CAD", "c$": "CAD",
	"new zealand dollars": "NZD", "nzd": "NZD", "nz$": "NZD",
	"swiss franc": "CHF", "swiss francs": "CHF", "chf": "CHF",
	"real": "BRL", "reais": "BRL", "brl": "BRL", "r$": "BRL",
}

// Currency returns the ISO 4217 code of the currency that name — a word,
// words, a code or a symbol as a question or a text writes it ("yuan",
// "RMB", "US dollars", "sterling", "HK$", "€") — stands for, or "" when it
// names none.
func Currency(name string) string {
	k := currencyKey(name)
	if c, ok := currencyNames[k]; ok {
		return c
	}
	return currencyNames[strings.ReplaceAll(k, " ", "")] // "US $" is "us$"
}

// currencyKey folds a currency's name: lower case, without dots ("U.S." is
// "us", "Rs." is "rs"), one space between words.
func currencyKey(name string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(strings.ToLower(name), ".", "")), " ")
}

// currencyOf names the currency of a money figure from its prefix (the
// matched text up to the number) or its suffix word, USD when neither says.
func currencyOf(prefixed, suffix string) string {
	if suffix != "" {
		if c := Currency(suffix); c != "" {
			return c
		}
		return "USD"
	}
	p := prefixed
	if i := strings.IndexAny(p, "0123456789"); i >= 0 {
		p = p[:i]
	}
	if c := Currency(p); c != "" {
		return c
	}
	return "USD"
}
