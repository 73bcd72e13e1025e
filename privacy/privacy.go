// Package privacy finds personal data in the text and images of a knowledge base
// before it is published: resident ID numbers, phone numbers, bank cards, e-mail
// addresses, vehicle plates, property certificate numbers, addresses below county
// level, names from a private denylist, and pseudonyms that are not marked 化名.
//
// Detectors work on a normalised copy of the text (full-width ASCII folded to
// ASCII, a small Traditional→Simplified map) but every Finding carries byte
// offsets into the original text.
package privacy

// Kind is the human-readable label of a kind of personal data, used in messages.
type Kind string

// The kinds of personal data the package reports.
const (
	KindIDCard            Kind = "身份证号"   // mainland resident ID number (18 or 15 digits)
	KindMobile            Kind = "手机号"    // mainland mobile number
	KindLandline          Kind = "固定电话"   // landline number with area code
	KindBankCard          Kind = "银行卡号"   // Luhn-valid bank card number
	KindEmail             Kind = "电子邮箱"   // e-mail address
	KindPlate             Kind = "车牌号"    // vehicle licence plate
	KindPropertyCert      Kind = "不动产权证号" // real-estate title certificate number
	KindDenylist          Kind = "禁用姓名"   // a name from the site's private denylist
	KindAddress           Kind = "地址"     // address fragment below county level
	KindPseudonymUnmarked Kind = "化名未标注"  // pseudonym whose first use lacks a 化名 mark
	KindPseudonymUnused   Kind = "化名未使用"  // declared pseudonym that the body never uses
)

// Severity tells whether a finding stops publication (Error) or asks for a look (Warning).
type Severity int

// The severities of findings.
const (
	Error   Severity = iota + 1 // publication must stop
	Warning                     // likely personal data; an editor should look
)

// String returns "error" or "warning".
func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	}
	return "unknown"
}

// Finding is one piece of personal data found in a text.
type Finding struct {
	Kind     Kind     // what was found
	Severity Severity // Error or Warning
	Start    int      // byte offset of the first byte in the original text
	End      int      // byte offset just past the last byte; Start < End except for KindPseudonymUnused
	Text     string   // the original text[Start:End] (the pseudonym itself for KindPseudonymUnused)
}

// Masked returns the finding's text with its middle replaced by stars, fit for messages.
func (f Finding) Masked() string { return Mask(f.Text) }
