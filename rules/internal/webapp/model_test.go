package webapp

import (
	"testing"
)

func TestSrvHasFold(t *testing.T) {
	if !HasFold("a?__SessionToken=x", "__sessiontoken=") || HasFold("__sessiontoke", "__sessiontoken=") ||
		!HasFold("/xtk/css/DropDownMenu.css", "dropdownmenu.") || HasFold("", "x") {
		t.Error("srvHasFold")
	}
}
