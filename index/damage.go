package index

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2/util"
	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// The index is disposable, so damage must lead to a rebuild, never to wrong
// answers or a crash. Bleve itself trusts its files: it maps segments into
// memory without checking their checksums, reads Bolt pages as they come,
// and carries on with an empty index when a segment is missing. checkFiles
// looks at the files first, before Bleve touches them.

// verifiedFile remembers which segments passed their checksum, by name,
// size and modification time, so that each segment is read whole once
// rather than at every open.
const verifiedFile = "parley-verified"

// checkFiles finds damage Bleve would not report, or would report by
// crashing: a store that is not a folder, a missing metadata file, a Bolt
// file that is cut short or garbled or locked by another process, a
// segment whose checksum does not match, and a folder Parley cannot write
// to (Bleve would then fail every update, or wait forever to persist).
func checkFiles(dir string) (err error) {
	// A file cut short under a memory map faults rather than failing;
	// make that a panic here, and the panic an error.
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", ErrCorrupt, r)
		}
	}()
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return ErrMissing
	case err != nil:
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	case len(entries) == 0:
		return ErrMissing
	}
	if _, err := os.Stat(filepath.Join(dir, "index_meta.json")); err != nil {
		return fmt.Errorf("%w: its metadata file is missing (%v)", ErrCorrupt, err)
	}
	store := filepath.Join(dir, "store")
	if fi, err := os.Stat(store); err != nil || !fi.IsDir() {
		return fmt.Errorf("%w: its store folder is missing", ErrCorrupt)
	}
	live, err := checkBolt(filepath.Join(store, "root.bolt"))
	if err != nil {
		return err
	}
	if err := checkSegments(dir, store, live); err != nil {
		return err
	}
	return probeWritable(store)
}

// checkBolt opens the Bolt file read-only, which waits at most a second
// for another process's lock, makes sure the file holds every page its
// header counts, and reads every bucket and key. It returns the names of
// the segment files the index's snapshots refer to.
func checkBolt(path string) (map[string]bool, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%w: %s is not a file", ErrCorrupt, filepath.Base(path))
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, ErrInUse
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	defer db.Close()
	live := map[string]bool{}
	err = db.View(func(tx *bolt.Tx) error {
		if tx.Size() > fi.Size() {
			return fmt.Errorf("%s is cut short (%d of %d bytes)", filepath.Base(path), fi.Size(), tx.Size())
		}
		if err := tx.ForEach(func(_ []byte, b *bolt.Bucket) error { return walkBucket(b, 0) }); err != nil {
			return err
		}
		// Scorch keeps each snapshot's segments as buckets holding the
		// segment's file name under "p".
		snaps := tx.Bucket(util.BoltSnapshotsBucket)
		if snaps == nil {
			return nil
		}
		return snaps.ForEachBucket(func(epoch []byte) error {
			eb := snaps.Bucket(epoch)
			return eb.ForEachBucket(func(seg []byte) error {
				if p := eb.Bucket(seg).Get(util.BoltPathKey); len(p) > 0 {
					live[filepath.Base(string(p))] = true
				}
				return nil
			})
		})
	})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	return live, nil
}

// walkBucket visits every key below b, so that a garbled page shows now.
func walkBucket(b *bolt.Bucket, depth int) error {
	if depth > 16 {
		return errors.New("buckets nest too deep")
	}
	return b.ForEach(func(k, v []byte) error {
		if v == nil {
			if child := b.Bucket(k); child != nil {
				return walkBucket(child, depth+1)
			}
		}
		return nil
	})
}

// checkSegments makes sure every segment the snapshots name is there,
// and compares each segment's CRC-32 with the one in its footer (zap
// writes the checksum of all that precedes it as its last four bytes).
// Segments that passed before and have not changed since are not read
// again. Files no snapshot names are leftovers of an interrupted write,
// which Bleve deletes itself; they are not checked (when the snapshots
// name no file, which a later Bleve might do, every segment is).
func checkSegments(dir, store string, live map[string]bool) error {
	entries, err := os.ReadDir(store)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	present := make(map[string]bool, len(entries))
	for _, e := range entries {
		present[e.Name()] = true
	}
	for name := range live {
		if !present[name] {
			return fmt.Errorf("%w: segment %s is missing", ErrCorrupt, name)
		}
	}
	known := readVerified(dir)
	verified := make(map[string]string, len(entries))
	changed := false
	for _, e := range entries {
		if filepath.Ext(e.Name()) != ".zap" || (len(live) > 0 && !live[e.Name()]) {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			return fmt.Errorf("%w: %v", ErrCorrupt, err)
		}
		if !fi.Mode().IsRegular() {
			return fmt.Errorf("%w: segment %s is not a file", ErrCorrupt, e.Name())
		}
		stamp := strconv.FormatInt(fi.Size(), 10) + " " + strconv.FormatInt(fi.ModTime().UnixNano(), 10)
		if known[e.Name()] != stamp {
			if err := checkSegment(filepath.Join(store, e.Name()), fi.Size()); err != nil {
				return fmt.Errorf("%w: segment %s: %v", ErrCorrupt, e.Name(), err)
			}
			changed = true
		}
		verified[e.Name()] = stamp
	}
	if changed || len(verified) != len(known) {
		writeVerified(dir, verified)
	}
	return nil
}

func checkSegment(path string, size int64) error {
	if size < 8 {
		return fmt.Errorf("only %d bytes long", size)
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	h := crc32.NewIEEE()
	if _, err := io.CopyN(h, f, size-4); err != nil {
		return err
	}
	var footer [4]byte
	if _, err := io.ReadFull(f, footer[:]); err != nil {
		return err
	}
	if h.Sum32() != binary.BigEndian.Uint32(footer[:]) {
		return errors.New("its checksum does not match")
	}
	return nil
}

// readVerified reads the list of segments that passed: "name size mtime"
// a line. A missing or garbled list only means segments are read again.
func readVerified(dir string) map[string]string {
	m := map[string]string{}
	f, err := os.Open(filepath.Join(dir, verifiedFile))
	if err != nil {
		return m
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if name, stamp, ok := strings.Cut(sc.Text(), " "); ok {
			m[name] = stamp
		}
	}
	return m
}

// writeVerified replaces the list. It is a cache: a failure to write it
// costs a re-read at the next open, so it is not reported.
func writeVerified(dir string, verified map[string]string) {
	var b strings.Builder
	for name, stamp := range verified {
		b.WriteString(name + " " + stamp + "\n")
	}
	tmp := filepath.Join(dir, verifiedFile+".tmp")
	if err := os.WriteFile(tmp, []byte(b.String()), 0o600); err != nil {
		os.Remove(tmp)
		return
	}
	if err := os.Rename(tmp, filepath.Join(dir, verifiedFile)); err != nil {
		os.Remove(tmp)
	}
}

// probeWritable makes sure new segments can be written where Bleve writes
// them: an index in a folder that has become read-only would otherwise
// answer searches but fail every save.
func probeWritable(store string) error {
	f, err := os.CreateTemp(store, ".parley-probe-*")
	if err != nil {
		return fmt.Errorf("%w: its folder cannot be written (%v)", ErrCorrupt, err)
	}
	name := f.Name()
	f.Close()
	if err := os.Remove(name); err != nil {
		return fmt.Errorf("%w: its folder cannot be written (%v)", ErrCorrupt, err)
	}
	return nil
}
