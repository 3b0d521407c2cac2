package config

import (
	"strings"
	"testing"
)

func TestTarget(t *testing.T) {
	c, err := Parse(".acc-audit.yaml", []byte("target: v8-enterprise\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !c.Target.Set || c.Target.V != "v8-enterprise" {
		t.Errorf("target %+v", c.Target)
	}
	_, err = Parse(".acc-audit.yaml", []byte("from: v6.1\ntarget: v8-mcs\n"))
	if err == nil || !strings.Contains(err.Error(), ".acc-audit.yaml:2:9") || !strings.Contains(err.Error(), "v7, v8, v8-enterprise") {
		t.Errorf("bad target: %v", err)
	}
}
