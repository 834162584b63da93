package answer

import "github.com/landscape-bot/landscape/facts"

// figure is a number found in a sentence, with its byte range.
type figure struct {
	start, end int
	kind       Kind   // KindMoney, KindPercent, KindCount or KindDate
	unit       string // the currency of money (ISO code), else ""
}

// findFigures returns the figures in s in order of position, as the facts
// layer recognises them, with the kind of answer each can be.
func findFigures(s string) []figure {
	var out []figure
	for _, f := range facts.Parse(s) {
		k := KindCount
		switch {
		case f.IsMoney():
			k = KindMoney
		case f.Unit == facts.UnitPercent || f.Unit == facts.UnitFraction:
			k = KindPercent
		case f.IsPeriod():
			k = KindDate
		}
		unit := ""
		if k == KindMoney {
			unit = f.Unit
		}
		out = append(out, figure{f.Start, f.End, k, unit})
	}
	return out
}

// fits reports whether a figure of kind k answers a question of kind want.
func fits(want, k Kind) bool {
	switch want {
	case KindMoney:
		return k == KindMoney
	case KindCount:
		return k == KindCount
	case KindPercent:
		return k == KindPercent
	case KindNumber:
		return k == KindMoney || k == KindCount || k == KindPercent
	case KindDate:
		return k == KindDate
	}
	return false
}
