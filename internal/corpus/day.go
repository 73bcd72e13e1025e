package corpus

import (
	"fmt"
	"time"
)

// day is a calendar date counted in days from 2014-01-01.
type day int

var epoch = time.Date(2014, 1, 1, 0, 0, 0, 0, time.UTC)

// lastDay is 2025-12-31, the last date an entry may carry.
const lastDay day = 4382

func (d day) time() time.Time { return epoch.AddDate(0, 0, int(d)) }

// Year returns the calendar year.
func (d day) Year() int { return d.time().Year() }

// String writes the date as TOML writes a local date.
func (d day) String() string {
	t := d.time()
	return fmt.Sprintf("%04d-%02d-%02d", t.Year(), t.Month(), t.Day())
}

// cnDate writes a date as 2021年5月1日.
func (d day) cnDate() string {
	t := d.time()
	return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
}
