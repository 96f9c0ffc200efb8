package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/parley-notes/parley/app"
	"github.com/parley-notes/parley/app/vault"
	"github.com/parley-notes/parley/index"
)

// idleFor is how long the vault sits open, untouched, before its memory is
// read.
const idleFor = 5 * time.Second

// coldStart is the child process that measures a cold start: it opens the
// vault as the window does (index opened at once, files checked against it
// in the background, changes watched), answers the window's first query,
// waits until the background check is done, does what the window does
// next (counts, the issue and round lists), idles and reads its resident
// memory. It prints "answered" as soon as the first query is answered, so
// the parent can time the whole process, then one line of JSON.
func coldStart(dir string) error {
	start := time.Now()
	ready := make(chan struct{})
	nb, err := app.Open(dir, app.Options{Background: true, Watch: true})
	if err != nil {
		return err
	}
	defer nb.Close()
	opened := time.Since(start)
	ctx := context.Background()
	if _, err := nb.Search(ctx, index.Request{}, true); err != nil {
		return err
	}
	first := time.Since(start)
	fmt.Println("answered")
	go func() { nb.Wait(); close(ready) }()
	<-ready
	readyAt := time.Since(start)
	if _, err := nb.Facets(ctx, index.Request{}); err != nil {
		return err
	}
	for _, t := range []vault.Type{vault.TypeIssue, vault.TypeRound} {
		if _, err := nb.List(ctx, t); err != nil {
			return err
		}
	}
	time.Sleep(idleFor)
	rss, anon := residentMB()
	return json.NewEncoder(os.Stdout).Encode(coldResult{
		OpenMS:       ms(opened),
		FirstQueryMS: ms(first),
		ReadyMS:      ms(readyAt),
		IdleRSSMB:    rss,
		IdleAnonMB:   anon,
	})
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// residentMB is the process's resident memory, and the part of it that is
// the process's own (heap and stacks; the rest is pages of mapped files,
// the index's segments, which the system can take back), from /proc on
// Linux and the Go runtime's view of it elsewhere.
func residentMB() (total, anon float64) {
	if b, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			k, v, _ := strings.Cut(line, ":")
			kb, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
			switch {
			case err != nil:
			case k == "VmRSS":
				total = kb / 1024
			case k == "RssAnon":
				anon = kb / 1024
			}
		}
		if total > 0 {
			return total, anon
		}
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.Sys) / (1 << 20), float64(m.Sys) / (1 << 20)
}
