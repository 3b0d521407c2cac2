package bld

import (
	"testing"
)

func TestJSClassifyPath(t *testing.T) {
	for pth, want := range map[string]string{
		"/usr/local/neolane/nl6/conf/serverConf.xml": "conf",
		"$(XTK_INSTALL_DIR)/conf/config-*.xml":       "conf",
		"/usr/local/neolane/nl6/var/prod/export/x":   "",
		"$(XTK_INSTALL_DIR)/var/prod/upload/*":       "",
		"/tmp/x.txt":                                 "",
		"/home/campaign/sftp/in/x.csv":               "",
		"C:\\Temp\\x.csv":                            "",
		"/var/log/messages":                          "outside",
		"/data/exports/x.csv":                        "outside",
		"D:\\Exchange\\Inbound\\":                    "outside",
		"/etc/myapp/conf/settings.ini":               "outside",
		"export.csv":                                 "",
		"*/x.csv":                                    "",
	} {
		if got := classifyPath(pth); got != want {
			t.Errorf("jsClassifyPath(%q) = %q, want %q", pth, got, want)
		}
	}
}

func TestJSComplexDomain(t *testing.T) {
	for host, want := range map[string]string{
		"t.news.example.com.au": "example.com.au", "example.org.uk": "example.org.uk",
		"campaign.example.co.uk": "", "www.example.de": "", "www.example.com": "", "localhost": "",
	} {
		if got := complexDomain(host); got != want {
			t.Errorf("jsComplexDomain(%q) = %q, want %q", host, got, want)
		}
	}
}
