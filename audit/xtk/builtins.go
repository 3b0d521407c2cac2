package xtk

import "strings"

// builtinList is the documented list of functions usable in XTK expressions
// (Campaign Classic "List of functions" of the filter conditions page, 114
// names, with the page's typos corrected: WeekDay and YearAndMonth). The
// authoritative list ships in the server's datakit (xtkdatakitfuncList.xml),
// which is not public; projects add the names it has and this list lacks
// through configuration.
const builtinList = `Avg Count CountAll Countdistinct Max Min StdDev Sum AllNonNull2 AllNonNull3 Ascii Char
Charindex GetLine IfEquals IsMemoNull JuxtWords JuxtWords3 LPad Left Length Lower Ltrim Md5Digest
MemoContains RPad Right Rtrim Smart Substring ToString Upper VirtualLink VirtualLinkStr dataLength
AddDays AddHours AddMinutes AddMonths AddSeconds AddYears DateOnly Day DayOfYear DaysAgo DaysAgoInt
DaysDiff DaysOld GetDate Hour HoursDiff Minute MinutesDiff Month MonthsAgo MonthsDiff MonthsOld Second
SecondsDiff SubDays SubHours SubMinutes SubMonths SubSeconds SubYears ToDate ToDateTime TruncDate
TruncDateTZ TruncQuarter TruncTime TruncWeek TruncYear WeekDay Year YearAndMonth YearsDiff YearsOld
Abs Ceil Floor Greatest Least Mod Percent Random Round Sign ToDouble ToInt64 ToInteger Trunc
ConvertCurrency FormatCurrency Distance Case ClearBit Coalesce Decode Else GetEmailDomain GetMirrorURL
Iif IsBitSet IsEmptyString NoNull RowId SetBit ToBoolean When Desc OrderBy PartitionBy RowNum`

var builtins = func() map[string]bool {
	m := map[string]bool{}
	for _, f := range strings.Fields(builtinList) {
		m[strings.ToLower(f)] = true
	}
	return m
}()

// IsBuiltin reports whether name is a documented built-in function; the
// comparison ignores case, as the documentation itself writes SubString,
// count and countall for Substring, Count and CountAll.
func IsBuiltin(name string) bool { return builtins[strings.ToLower(name)] }

// BuiltinCount returns the number of documented built-ins.
func BuiltinCount() int { return len(builtins) }
