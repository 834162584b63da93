package facts

import (
	"fmt"
	"time"
)

// PeriodText writes a period label (Period.Label's form) as people read it:
// "2024-02" is "February 2024", "2025-01-20" is "20 January 2025"; other
// labels ("2024", "Q3 2024", "2014–2023") read as they are.
func PeriodText(label string) string {
	if t, err := time.Parse("2006-01-02", label); err == nil {
		return fmt.Sprintf("%d %s %d", t.Day(), t.Month(), t.Year())
	}
	if t, err := time.Parse("2006-01", label); err == nil {
		return fmt.Sprintf("%s %d", t.Month(), t.Year())
	}
	return label
}
