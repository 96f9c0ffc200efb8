package clip

import "errors"

// Sentinel errors for the cases callers act on. Errors returned by this
// package wrap them, so test with errors.Is; the wrapping error carries the
// sentence to show the user.
var (
	// ErrNotWebPage: the source is not HTML, Markdown or plain text
	// (a PDF, an image, an archive…).
	ErrNotWebPage = errors.New("not a web page")

	// ErrNotArticle: the page has no article text (a login wall, an index
	// page, an empty page). ExtractOptions.Raw keeps the page text anyway.
	ErrNotArticle = errors.New("no article text found")

	// ErrTooLarge: a page, an image or a clip's images exceed their size cap.
	ErrTooLarge = errors.New("too large")

	// ErrHTTPStatus: the server answered with a status other than 2xx.
	ErrHTTPStatus = errors.New("unexpected HTTP status")

	// ErrBadSource: the source is neither an http(s) URL, a readable file
	// nor "-", or a redirect led to a scheme other than http and https.
	ErrBadSource = errors.New("unsupported source")

	// ErrNotImage: downloaded data is not an image Parley can check
	// (JPEG, PNG, GIF or WebP) or claims absurd dimensions.
	ErrNotImage = errors.New("not an acceptable image")
)

// clipError is an error whose text is a finished sentence for the user
// ("page is larger than 25 MB") while errors.Is still finds the sentinel
// and the underlying cause behind it.
type clipError struct {
	msg  string
	kind error // a sentinel above, or nil
	err  error // the underlying cause, or nil
}

func (e *clipError) Error() string { return e.msg }

func (e *clipError) Unwrap() []error {
	var errs []error
	if e.kind != nil {
		errs = append(errs, e.kind)
	}
	if e.err != nil {
		errs = append(errs, e.err)
	}
	return errs
}

func newError(kind error, msg string) error {
	return &clipError{msg: msg, kind: kind}
}

func wrapError(kind error, msg string, cause error) error {
	return &clipError{msg: msg, kind: kind, err: cause}
}
