// Package driver runs rules (package audit) over Adobe Campaign Classic
// exports, as go/analysis's checker runs analyzers: it reads the inputs
// (files, archives, standard input) on workers, splits them entity by
// entity, runs the fact collectors and the rules of each entity, decides
// deferred findings once the whole scan is indexed, merges root causes,
// reports advisories once, computes fingerprints and returns a sorted,
// deterministic Result. It knows no individual rule and writes no output
// (formats live in audit/report).
//
// It builds passes, units and the index through the functions of package
// audit that take a hook.Key (audit/internal/hook), which no rule can call.
package driver
