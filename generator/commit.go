package generator

import (
	"casebook/internal/outdir"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// A transaction changes an output folder in two steps, so that a build
// that fails or is interrupted leaves the last good site as it was:
//
//   - stage: every new file is written beside its place under a temporary
//     name that carries the transaction's id; the site does not change;
//   - commit: the staged files are renamed into place and the files no
//     longer wanted are removed.
//
// A journal in the cache folder says which step a transaction is in (it
// survives a killed process; files are not flushed to the disk, so a
// machine that loses power may lose any of them). Before
// staging it names the transaction, so that the temporary files of a build
// killed while staging are found and removed; before the commit it lists
// every rename and removal, so that a build killed while committing is
// finished by the next one (recoverOutput). Either way the output ends as
// the old site or the new one.
type transaction struct {
	dest    string
	journal string
	id      string
	write   func(path string, data []byte) error

	mu      sync.Mutex
	staged  []string // paths relative to dest, staged under tempName
	removed []string // paths relative to dest, to remove at commit
	dirs    *outdir.Dirs
}

// journalRecord is what a transaction's journal holds.
type journalRecord struct {
	Dest       string
	ID         string
	Committing bool     // the renames and removals below are under way
	Staged     []string // relative to Dest; each staged as tempName(path, ID)
	Removed    []string
}

// tempSuffix marks the files a transaction stages.
const tempSuffix = ".casebook-tmp-"

// tempName is the name under which a transaction stages rel.
func tempName(rel, id string) string { return rel + tempSuffix + id }

// beginTransaction starts changing dest. What an interrupted build left in
// journal must have been dealt with first (see recoverOutput).
func beginTransaction(dest, journal string, write func(string, []byte) error) (*transaction, error) {
	t := &transaction{dest: dest, journal: journal, id: randomSuffix(), write: write, dirs: outdir.NewDirs()}
	if err := t.writeJournal(false); err != nil {
		return nil, fmt.Errorf("cannot write the build journal: %w", err)
	}
	return t, nil
}

// stage writes the future content of rel under its temporary name. It is
// safe for concurrent use.
func (t *transaction) stage(rel string, data []byte) error {
	path := filepath.Join(t.dest, filepath.FromSlash(rel))
	if err := t.dirs.Make(filepath.Dir(path)); err != nil {
		return err
	}
	tmp := tempName(path, t.id)
	if err := t.write(tmp, data); err != nil {
		os.Remove(tmp)
		return err
	}
	t.mu.Lock()
	t.staged = append(t.staged, rel)
	t.mu.Unlock()
	return nil
}

// remove marks rel to be removed at commit.
func (t *transaction) remove(rel string) {
	t.mu.Lock()
	t.removed = append(t.removed, rel)
	t.mu.Unlock()
}

// commit puts every staged file in place, in the order they were staged,
// and removes the files marked so.
func (t *transaction) commit() error {
	if err := t.writeJournal(true); err != nil {
		t.abort()
		return fmt.Errorf("cannot write the build journal: %w", err)
	}
	if err := applyJournal(t.record(true)); err != nil {
		return err
	}
	return removeJournal(t.journal)
}

// abort removes the staged files; the output is as it was.
func (t *transaction) abort() {
	for _, rel := range t.staged {
		os.Remove(tempName(filepath.Join(t.dest, filepath.FromSlash(rel)), t.id))
	}
	removeEmptyDirsOf(t.dest, t.staged)
	_ = removeJournal(t.journal)
}

func (t *transaction) record(committing bool) journalRecord {
	return journalRecord{Dest: t.dest, ID: t.id, Committing: committing, Staged: t.staged, Removed: t.removed}
}

func (t *transaction) writeJournal(committing bool) error {
	data, err := json.Marshal(t.record(committing))
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(t.journal), 0o755); err != nil {
		return err
	}
	return outdir.WriteFile(t.journal, data)
}

// recoverOutput finishes or undoes the transaction an interrupted build
// left in journal, if any: one killed while committing is committed, one
// killed while staging has its temporary files removed.
func recoverOutput(journal string) error {
	data, err := os.ReadFile(journal)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	var rec journalRecord
	if err != nil || json.Unmarshal(data, &rec) != nil || rec.Dest == "" || rec.ID == "" {
		return removeJournal(journal) // unreadable: there is nothing it could tell
	}
	if rec.Committing {
		if err := applyJournal(rec); err != nil {
			return fmt.Errorf("cannot finish the interrupted build of %s: %w", rec.Dest, err)
		}
	} else {
		removeTemps(rec.Dest, rec.ID)
	}
	return removeJournal(journal)
}

// applyJournal renames the staged files into place (those whose temporary
// file is gone were renamed already) and removes the files to remove.
func applyJournal(rec journalRecord) error {
	var errs []error
	for _, rel := range rec.Staged {
		path := filepath.Join(rec.Dest, filepath.FromSlash(rel))
		if err := os.Rename(tempName(path, rec.ID), path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	for _, rel := range rec.Removed {
		if err := os.Remove(filepath.Join(rec.Dest, filepath.FromSlash(rel))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	removeEmptyDirsOf(rec.Dest, rec.Removed)
	return errors.Join(errs...)
}

// removeTemps removes the files a transaction id staged anywhere in dest.
func removeTemps(dest, id string) {
	var dirs []string
	_ = filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(d.Name(), tempSuffix+id) {
			os.Remove(p)
			dirs = append(dirs, filepath.Dir(p))
		}
		return nil
	})
	for _, d := range dirs {
		outdir.RemoveEmptyDirs(dest, d)
	}
}

// removeEmptyDirsOf removes the folders of the files rels that are left
// empty.
func removeEmptyDirsOf(dest string, rels []string) {
	for _, rel := range rels {
		outdir.RemoveEmptyDirs(dest, filepath.Dir(filepath.Join(dest, filepath.FromSlash(rel))))
	}
}

func removeJournal(journal string) error {
	if err := os.Remove(journal); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}
