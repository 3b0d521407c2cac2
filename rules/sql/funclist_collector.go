package sql

import (
	"regexp"
)

var (
	sqlWordRE    = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*`)
	physColumnRE = regexp.MustCompile(`^(i|s|ts|d|m|b)[A-Z][A-Za-z0-9_]*$`)
	physTableRE  = regexp.MustCompile(`^(Nms|Xtk|Ncm|Nl|Crm|Nmc)[A-Z][A-Za-z0-9_]*$`)
)
