package action

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/sethvargo/go-githubactions"
)

// The Actions runner reads every line a step prints, on stdout and stderr,
// for workflow commands: a line that starts with "::" after any white
// space ("::error::", "::add-mask::", "::stop-commands::" which turns the
// others off, ...), and the older "##[command]" form anywhere in a line. It
// splits lines at "\n" and at a lone "\r" too. Text a person wrote (a
// comment carried in a plan, a title in a skip reason) must therefore never
// reach the log as is.

// Safe returns s ready to print to the Actions log: split into lines at
// "\r\n", "\r" and "\n" (and joined again with "\n"), with each line that
// would start a workflow command broken visibly (": :" for a leading "::",
// "# #[" for "##["), so no line of it is read as a command. Everything
// else is kept, so the log still shows what was written.
func Safe(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	lines := strings.Split(strings.ReplaceAll(s, "\r", "\n"), "\n")
	for i, l := range lines {
		l = strings.ReplaceAll(l, "##[", "# #[")
		body := strings.TrimLeftFunc(l, unicode.IsSpace)
		if strings.HasPrefix(body, "::") {
			l = l[:len(l)-len(body)] + ": :" + body[2:]
		}
		lines[i] = l
	}
	return strings.Join(lines, "\n")
}

// logf prints a message that may hold user text to the log through Safe.
func logf(gha *githubactions.Action, format string, args ...any) {
	gha.Infof("%s", Safe(fmt.Sprintf(format, args...)))
}
