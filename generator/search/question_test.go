package search

// Questions. Readers type "can I use tiktok", "is hootsuite allowed", "who
// approved tiktok". The words of such a question that carry no subject in a
// playbook (FillerWords) are dropped when any other word remains, so that
// they cannot outrank the name of a platform or tool; a few of them, and
// the intent words that stay in the query, steer among the results:
//
//   - DecideWords, or an AskWord with a VerdictWord ("who approved", "why
//     rejected"): the decided (accepted or rejected) records about the thing
//     named come first, before its page; accepted first, rejected first when
//     a RejectWord is in the query.
//   - ConditionWords: the page of the thing named links to its required
//     controls (a platform) or conditions of use (a tool).
//   - UsageWords: the query asks whether something may be used; when it
//     names nothing known, the answer "not listed means not approved" shows
//     even beside weak results.
//
// A filler word right after "not" stays: "not approved" is a state. The
// lists hold folded words as the tokenizer makes them (apostrophes
// dropped: "can't" is "cant"). search.js holds the same lists; a test
// compares them. The index needs none of this, so it is test code: the
// reference engine (engine_test.go) reads queries as search.js does.

// FillerWords carry no subject in a question about the playbook. The
// index's StopWords are dropped from every query anyway.
var FillerWords = []string{
	// who is asking
	"i", "im", "ive", "id", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves",
	"you", "your", "yours", "they", "them", "their", "he", "she", "him", "her", "his",
	"someone", "somebody", "anyone", "anybody", "everyone", "everybody",
	// modal and auxiliary verbs
	"can", "cant", "cannot", "could", "couldnt", "may", "might", "must", "shall", "should", "shouldnt",
	"would", "wouldnt", "will", "wont", "do", "does", "did", "dont", "doesnt", "didnt",
	"am", "isnt", "arent", "wasnt", "been", "being", "have", "has", "had", "havent", "hasnt",
	"get", "gets", "got", "need", "needs", "want", "wants", "let", "lets",
	// question words
	"who", "whom", "whose", "what", "whats", "which", "when", "where", "why", "how",
	// may I use it
	"use", "uses", "using", "used", "usage", "allowed", "allow", "allows", "allowing",
	"permitted", "permit", "permission", "permissions", "approved", "approve", "approves",
	"approval", "ok", "okay", "okayed", "fine", "alright", "sign", "signed", "off",
	// small words
	"still", "yet", "already", "please", "just", "also", "currently", "now", "again", "ever",
	"really", "actually", "there", "here", "any", "anything", "something", "some", "if", "so",
	"about", "over", "yes",
}

// DecideWords ask for the decision itself. They stay in the query.
var DecideWords = []string{"decided", "decide", "decides", "deciding", "decision", "decisions", "decider", "deciders"}

// AskWords with a VerdictWord ask who decided, when or why.
var AskWords = []string{"who", "whom", "whose", "when", "why"}

// VerdictWords name a decision's outcome.
var VerdictWords = []string{
	"approved", "approve", "approves", "approval", "accepted", "accept", "rejected", "reject",
	"refused", "denied", "banned", "allowed", "permitted", "authorised", "authorized", "signed",
	"okayed",
}

// RejectWords ask for a rejection.
var RejectWords = []string{"rejected", "reject", "rejects", "refused", "refuse", "denied", "deny", "banned", "ban", "forbidden", "blocked", "declined"}

// ConditionWords ask for the conditions of use. They stay in the query.
var ConditionWords = []string{
	"conditions", "condition", "requirements", "requirement", "required", "require", "requires",
	"rules", "rule", "controls", "control", "restrictions", "restriction", "constraints",
}

// UsageWords ask whether something may be used.
var UsageWords = []string{"use", "uses", "using", "used", "usage", "allowed", "allow", "approved", "permitted", "permission", "ok", "okay", "fine"}

// Word classes, as bits.
const (
	wFiller = 1 << iota
	wDecide
	wAsk
	wVerdict
	wReject
	wCondition
	wUsage
)

var wordClass = func() map[string]int {
	m := map[string]int{}
	for _, l := range []struct {
		ws []string
		c  int
	}{{FillerWords, wFiller}, {DecideWords, wDecide}, {AskWords, wAsk}, {VerdictWords, wVerdict}, {RejectWords, wReject}, {ConditionWords, wCondition}, {UsageWords, wUsage}} {
		for _, w := range l.ws {
			m[w] |= l.c
		}
	}
	return m
}()

// Intents of a query.
type intent struct {
	decision   bool // the decided records first
	reject     bool // rejected before accepted
	conditions bool // link the page's conditions
	usage      bool // "may I use it"
}
