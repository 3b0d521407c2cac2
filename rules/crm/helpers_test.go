package crm

import (
	"testing"
)

func TestOpsCRMDeployment(t *testing.T) {
	for v, want := range map[string]string{
		"webapi": "", " WebAPI ": "", "": "", "'webapi'": "",
		"onpremise": "On-premise", "'OnPremise'": "On-premise", "on-premise": "On-premise",
		"office365": "Office 365", "Office 365": "Office 365",
		"ifd": `"ifd" (not the Web API)`,
	} {
		if got := crmDeployment(v); got != want {
			t.Errorf("%q: got %q, want %q", v, got, want)
		}
	}
}

func TestOpsOldCRMVersion(t *testing.T) {
	for v, want := range map[string]string{
		"'auto'": "", "9.1": "", "8.2": "", "365": "", "v9.0": "",
		"8.1": "Dynamics CRM 2016 Update 1", "v8.0": "Dynamics CRM 2016", "'2015'": "Dynamics CRM 2015",
		"2016u1": "Dynamics CRM 2016", "7.0": "a Dynamics CRM release older than 2016",
	} {
		if got := oldCRMVersion(v); got != want {
			t.Errorf("%q: got %q, want %q", v, got, want)
		}
	}
}
