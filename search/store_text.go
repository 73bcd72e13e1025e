package search

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
)

// textWrite puts the texts of an Update's indexed docs into the text file.
// They are appended past the end of the current file, unless more than
// half of the file would then be dead (texts no record points at), or
// there is no file yet: then every live text goes into a new file.
type textWrite struct {
	dir     string
	cur     *os.File // the current text file; nil when there is none
	curEnd  int64    // its size
	recs    []docRecord
	fresh   []int  // positions in recs of the indexed docs
	docs    []*Doc // the indexed docs, parallel to fresh
	live    int64  // bytes of the current file that recs other than fresh point at
	added   int64  // bytes of the fresh texts
	newFile *os.File
	newName string   // base name of newFile
	end     int64    // size of the text file the table will name
	wrote   *os.File // the file written to, to be synced; nil when none was
}

// plannedLen returns the bytes the indexed docs' texts take.
func (w *textWrite) plannedLen() int64 {
	var n int64
	for _, d := range w.docs {
		t := textOf(d)
		n += int64(t.encodedLen())
	}
	return n
}

// run writes the texts and fills TextOff and TextLen of the fresh
// records. The file written is left to be synced. On error, a new file is
// removed again.
func (w *textWrite) run() error {
	w.end = w.curEnd
	w.added = w.plannedLen()
	live := w.live + w.added
	if len(w.recs) == 0 || w.cur != nil && w.curEnd+w.added-live <= live {
		if len(w.fresh) == 0 {
			return nil
		}
		return w.appendTexts()
	}
	err := w.rewrite()
	if err != nil && w.newFile != nil {
		w.newFile.Close()
		os.Remove(filepath.Join(w.dir, w.newName))
		w.newFile, w.newName = nil, ""
	}
	return err
}

func (w *textWrite) appendTexts() error {
	var buf []byte
	off := w.curEnd
	for k, i := range w.fresh {
		t := textOf(w.docs[k])
		n := len(buf)
		buf = t.encode(buf)
		w.recs[i].TextOff, w.recs[i].TextLen = off+int64(n), int64(len(buf)-n)
	}
	if _, err := w.cur.WriteAt(buf, off); err != nil {
		return err
	}
	w.end = off + int64(len(buf))
	w.wrote = w.cur
	return nil
}

// rewrite writes every live text, in table order, into a new file.
func (w *textWrite) rewrite() error {
	f, err := os.CreateTemp(w.dir, "text-*.bin")
	if err != nil {
		return err
	}
	w.newFile, w.newName = f, filepath.Base(f.Name())
	bw := bufio.NewWriterSize(f, 1<<16)
	var off int64
	var buf []byte
	k := 0 // next entry of fresh
	for i := range w.recs {
		r := &w.recs[i]
		if k < len(w.fresh) && w.fresh[k] == i {
			t := textOf(w.docs[k])
			buf = t.encode(buf[:0])
			k++
		} else if w.cur == nil {
			return errCorruptText
		} else {
			buf = reuse(&buf, int(r.TextLen))
			if _, err := w.cur.ReadAt(buf, r.TextOff); err != nil {
				return err
			}
		}
		if _, err := bw.Write(buf); err != nil {
			return err
		}
		r.TextOff, r.TextLen = off, int64(len(buf))
		off += int64(len(buf))
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	w.end = off
	w.wrote = f
	return nil
}

// openTextFile opens a text file for reading and appending and returns
// its size.
func openTextFile(dir, name string) (*os.File, int64, error) {
	f, err := os.OpenFile(filepath.Join(dir, name), os.O_RDWR, 0)
	if err != nil {
		return nil, 0, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	return f, info.Size(), nil
}

// removeStrayTexts deletes the text files in dir other than keep: those
// replaced by a rewrite, or left behind by an interrupted one.
func removeStrayTexts(dir, keep string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "text-") && e.Name() != keep {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}
