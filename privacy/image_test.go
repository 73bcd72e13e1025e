package privacy

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"
)

const gpsSecret = "GPSLatitude 30.6586N GPSLongitude 104.0648E"

func testImage() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 16, 16))
	for x := 0; x < 16; x++ {
		for y := 0; y < 16; y++ {
			img.Set(x, y, color.RGBA{uint8(x * 16), uint8(y * 16), 128, 255})
		}
	}
	return img
}

// jpegSegment builds a JPEG marker segment.
func jpegSegment(marker byte, payload string) []byte {
	seg := []byte{0xFF, marker, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	return append(seg, payload...)
}

func TestStripJPEG(t *testing.T) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, testImage(), nil); err != nil {
		t.Fatal(err)
	}
	enc := buf.Bytes()
	// Splice EXIF, IPTC and a comment in after SOI, and junk after EOI.
	var in []byte
	in = append(in, enc[:2]...)
	in = append(in, jpegSegment(0xE1, "Exif\x00\x00"+gpsSecret)...)
	in = append(in, jpegSegment(0xED, "Photoshop 3.0\x00"+gpsSecret)...)
	in = append(in, enc[2:]...)
	in = append(in[:len(in)-2], append(jpegSegment(0xFE, gpsSecret), 0xFF, 0xD9)...)
	in = append(in, gpsSecret...)
	if _, _, err := image.Decode(bytes.NewReader(in)); err != nil {
		t.Fatalf("test input does not decode: %v", err)
	}
	out, err := StripImageMetadata("photo.jpg", in)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(out, []byte("GPSLatitude")) {
		t.Error("metadata still present after stripping")
	}
	img, format, err := image.Decode(bytes.NewReader(out))
	if err != nil || format != "jpeg" || img.Bounds().Dx() != 16 {
		t.Fatalf("stripped JPEG does not decode: %v %s", err, format)
	}
	if !bytes.Contains(out, enc[len(enc)-200:]) {
		t.Error("scan data changed")
	}
}

// pngChunk builds a PNG chunk with its CRC.
func pngChunk(typ, data string) []byte {
	c := make([]byte, 8, 12+len(data))
	binary.BigEndian.PutUint32(c, uint32(len(data)))
	copy(c[4:], typ)
	c = append(c, data...)
	return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(c[4:]))
}

func TestStripPNG(t *testing.T) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, testImage()); err != nil {
		t.Fatal(err)
	}
	enc := buf.Bytes()
	ihdrEnd := 8 + 12 + 13
	var in []byte
	in = append(in, enc[:ihdrEnd]...)
	in = append(in, pngChunk("tEXt", "Comment\x00"+gpsSecret)...)
	in = append(in, pngChunk("eXIf", "MM\x00*"+gpsSecret)...)
	in = append(in, enc[ihdrEnd:]...)
	in = append(in, pngChunk("iTXt", "x")...) // after IEND: trailing data
	if _, err := png.Decode(bytes.NewReader(in)); err != nil {
		t.Fatalf("test input does not decode: %v", err)
	}
	out, err := StripImageMetadata("photo.png", in)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(out, []byte("GPSLatitude")) {
		t.Error("metadata still present")
	}
	if !bytes.Equal(out, enc) {
		t.Errorf("stripped PNG differs from the clean encoding (%d vs %d bytes)", len(out), len(enc))
	}
	if _, err := png.Decode(bytes.NewReader(out)); err != nil {
		t.Fatal(err)
	}
}

func TestStripImageErrors(t *testing.T) {
	tests := []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"gif", "a.gif", []byte("GIF89a...."), "convert the image to JPEG or PNG"},
		{"webp", "a.webp", []byte("RIFF\x00\x00\x00\x00WEBPVP8 "), "(.webp)"},
		{"truncated jpeg", "a.jpg", []byte{0xFF, 0xD8, 0xFF, 0xE1, 0x00}, "a.jpg: truncated JPEG"},
		{"bad jpeg length", "a.jpg", []byte{0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x40, 1, 2}, "corrupt JPEG"},
		{"truncated png", "a.png", append([]byte("\x89PNG\r\n\x1a\n"), 0, 0, 0, 13, 'I'), "truncated PNG"},
		{"huge png chunk", "a.png", append([]byte("\x89PNG\r\n\x1a\n"), 0xFF, 0xFF, 0xFF, 0xFF, 'I', 'H', 'D', 'R'), "corrupt PNG"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := StripImageMetadata(tt.file, tt.data)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want containing %q", err, tt.want)
			}
			if strings.HasPrefix(tt.name, "gif") && !errors.Is(err, ErrUnsupportedImage) {
				t.Errorf("err does not wrap ErrUnsupportedImage")
			}
		})
	}
}
