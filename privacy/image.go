package privacy

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"path/filepath"
)

// Image metadata.
//
// Photos carry EXIF (camera, time, GPS position), XMP and IPTC data that may
// identify people and places. StripImageMetadata removes them from JPEG and
// PNG files without re-encoding the pixels.

// ErrUnsupportedImage is wrapped by StripImageMetadata's error for formats it cannot check.
var ErrUnsupportedImage = errors.New("image format cannot be checked for metadata")

var (
	jpegMagic = []byte{0xFF, 0xD8, 0xFF}
	pngMagic  = []byte("\x89PNG\r\n\x1a\n")
)

// StripImageMetadata returns data without its metadata: for JPEG the APP1
// (EXIF, XMP), APP13 (IPTC, Photoshop) and COM segments and anything after
// the end-of-image marker; for PNG the tEXt, zTXt, iTXt and eXIf chunks and
// anything after IEND. The format is taken from the bytes, not from name,
// which only labels errors. Other formats, and truncated files, are errors.
func StripImageMetadata(name string, data []byte) ([]byte, error) {
	switch {
	case bytes.HasPrefix(data, jpegMagic):
		out, err := stripJPEG(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return out, nil
	case bytes.HasPrefix(data, pngMagic):
		out, err := stripPNG(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return out, nil
	}
	format := filepath.Ext(name)
	if format == "" {
		format = "unknown"
	}
	return nil, fmt.Errorf("%s: %w (%s): only JPEG and PNG can be cleaned of EXIF/GPS data; convert the image to JPEG or PNG", name, ErrUnsupportedImage, format)
}

// stripJPEG copies the segments of a JPEG stream, dropping metadata segments.
func stripJPEG(data []byte) ([]byte, error) {
	out := make([]byte, 0, len(data))
	out = append(out, 0xFF, 0xD8)
	i := 2
	for {
		// Markers may be preceded by fill bytes 0xFF.
		if i >= len(data) || data[i] != 0xFF {
			return nil, errors.New("corrupt JPEG: expected a marker; re-export the image")
		}
		for i < len(data) && data[i] == 0xFF {
			i++
		}
		if i >= len(data) {
			return nil, errors.New("truncated JPEG; re-export the image")
		}
		m := data[i]
		i++
		switch {
		case m == 0xD9: // EOI: drop whatever trails the image
			return append(out, 0xFF, 0xD9), nil
		case m == 0x01 || (m >= 0xD0 && m <= 0xD7) || m == 0x00:
			out = append(out, 0xFF, m)
			continue
		}
		if i+2 > len(data) {
			return nil, errors.New("truncated JPEG segment; re-export the image")
		}
		l := int(binary.BigEndian.Uint16(data[i:]))
		if l < 2 || i+l > len(data) {
			return nil, errors.New("corrupt JPEG segment length; re-export the image")
		}
		seg := data[i-2 : i+l]
		i += l
		if m != 0xE1 && m != 0xED && m != 0xFE {
			out = append(out, seg...)
		}
		if m != 0xDA {
			continue
		}
		// Start of scan: copy entropy-coded data up to the next real marker.
		s := i
		for i < len(data) {
			if data[i] == 0xFF && i+1 < len(data) {
				n := data[i+1]
				if n != 0x00 && !(n >= 0xD0 && n <= 0xD7) && n != 0xFF {
					break
				}
				if n == 0xFF {
					// Fill bytes before a marker.
					i++
					continue
				}
				i += 2
				continue
			}
			i++
		}
		out = append(out, data[s:i]...)
		if i >= len(data) {
			return nil, errors.New("truncated JPEG: no end-of-image marker; re-export the image")
		}
	}
}

// pngDropped lists the PNG chunk types that carry text or EXIF metadata.
func pngDropped(typ string) bool {
	switch typ {
	case "tEXt", "zTXt", "iTXt", "eXIf":
		return true
	}
	return false
}

// stripPNG copies the chunks of a PNG file, dropping metadata chunks.
func stripPNG(data []byte) ([]byte, error) {
	out := make([]byte, 0, len(data))
	out = append(out, pngMagic...)
	i := len(pngMagic)
	for {
		if i+8 > len(data) {
			return nil, errors.New("truncated PNG: no IEND chunk; re-export the image")
		}
		l := int(binary.BigEndian.Uint32(data[i:]))
		typ := string(data[i+4 : i+8])
		end := i + 12 + l
		if l < 0 || l > len(data) || end > len(data) {
			return nil, errors.New("corrupt PNG chunk length; re-export the image")
		}
		if !pngDropped(typ) {
			out = append(out, data[i:end]...)
		}
		i = end
		if typ == "IEND" {
			return out, nil
		}
	}
}
