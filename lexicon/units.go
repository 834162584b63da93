package lexicon

import "strings"

// IsUnit reports whether w is the symbol of a unit of measure — an SI unit
// with or without its decimal prefix ("MW", "GWh", "TWh", "kg") or a unit
// of data or computing ("GB", "TFLOPS") — written as such: a figure's unit,
// never a name.
func IsUnit(w string) bool {
	for _, base := range unitBases {
		rest, ok := strings.CutSuffix(w, base)
		if !ok {
			continue
		}
		if rest == "" || len(rest) == 1 && strings.Contains(siPrefixes, rest) {
			return true
		}
	}
	return false
}

// siPrefixes are the SI decimal prefixes, kilo to exa, as symbols.
const siPrefixes = "kMGTPE"

// unitBases are the base symbols IsUnit combines with the SI prefixes:
// power, energy, frequency, mass, length, data, operations per second.
var unitBases = []string{"W", "Wh", "Hz", "g", "t", "m", "B", "b", "FLOPS", "FLOP", "bps", "nm"}
