package gen

// The words generated sites are made of.

type name string

func (n name) label() string { return string(n) }

type toolName struct{ name, vendor, category string }

func (t toolName) label() string { return t.name }

var platformNames = []name{
	"Facebook", "Instagram", "X", "YouTube", "Pinterest", "LinkedIn", "TikTok", "Snapchat",
	"Reddit", "Threads", "Mastodon", "Bluesky", "Tumblr", "Twitch", "Discord", "WhatsApp",
	"Telegram", "WeChat", "Weibo", "LINE", "KakaoTalk", "VK", "Quora", "Medium", "Substack",
	"Flickr", "Vimeo", "Dailymotion", "Behance", "Dribbble", "Nextdoor", "Xiaohongshu",
	"Douyin", "Bilibili", "Lemon8", "BeReal", "Clubhouse", "Spotify Podcasts", "Apple Podcasts",
	"Google Business Profile",
}

var regions = []string{
	"Germany", "France", "Spain", "Italy", "Netherlands", "Nordics", "Poland", "United Kingdom",
	"Ireland", "Canada", "Mexico", "Brazil", "Argentina", "Japan", "South Korea", "India",
	"Australia", "New Zealand", "South Africa", "Gulf states",
}

var toolNames = []toolName{
	{"Hootsuite", "Hootsuite Inc.", "Social media management"},
	{"Sprout Social", "Sprout Social Inc.", "Social media management"},
	{"Buffer", "Buffer Inc.", "Scheduling"},
	{"Later", "Later Media Inc.", "Scheduling"},
	{"Loomly", "Loomly Inc.", "Scheduling"},
	{"Agorapulse", "Agorapulse SAS", "Social media management"},
	{"Canva", "Canva Pty Ltd", "Design"},
	{"Adobe Express", "Adobe Inc.", "Design"},
	{"Figma", "Figma Inc.", "Design"},
	{"CapCut", "Bytedance Ltd.", "Video editing"},
	{"Descript", "Descript Inc.", "Video editing"},
	{"Bitly", "Bitly Inc.", "Link shortener"},
	{"Linktree", "Linktree Pty Ltd", "Link in bio"},
	{"QuickBooks", "Intuit Inc.", "Accounting"},
	{"PayPal", "PayPal Holdings", "Payments"},
	{"Stripe", "Stripe Inc.", "Payments"},
	{"Shopify", "Shopify Inc.", "Commerce"},
	{"Mailchimp", "Intuit Inc.", "Email marketing"},
	{"HubSpot", "HubSpot Inc.", "CRM"},
	{"Zapier", "Zapier Inc.", "Automation"},
	{"Brandwatch", "Brandwatch Ltd.", "Social listening"},
	{"Meltwater", "Meltwater N.V.", "Social listening"},
	{"Sprinklr", "Sprinklr Inc.", "Customer experience"},
	{"Emplifi", "Emplifi Inc.", "Social analytics"},
	{"Dash Hudson", "Dash Hudson Inc.", "Social analytics"},
	{"Tailwind", "Tailwind Inc.", "Scheduling"},
	{"Typeform", "Typeform SL", "Forms"},
	{"Calendly", "Calendly LLC", "Scheduling"},
	{"Dropbox", "Dropbox Inc.", "File sharing"},
	{"Grammarly", "Grammarly Inc.", "Writing assistant"},
}

var editions = []string{
	"Enterprise", "Agency workspace", "EMEA team", "Americas team", "APAC team", "Care team",
	"Trial", "Legacy plan", "Education", "Nonprofit", "Retail stores", "Recruiting",
	"Events", "Partner program", "Franchise", "Outlet",
}

var (
	risks       = []string{"low", "medium", "medium", "high", "critical"}
	dataClasses = []string{"public", "internal", "internal", "confidential", "restricted"}
	supports    = []string{"enforced", "enforced", "supported", "unsupported"}
	levels      = []string{"Low", "Medium", "High"}
)

var marketing = []string{
	"Dana Whitfield (Head of Social Media)", "Ana Lopez (CMO)", "Priya Raman (Social Media Manager)",
	"Jon Eriksen (Performance Marketing Lead)", "Mei Tanaka (Brand Manager)", "Carlos Mendes (Community Manager)",
}

var security = []string{
	"Kim Cho (CISO)", "Marcus Bell (Security Analyst)", "Aisha Karim (Security Architect)", "Tom Novak (GRC Lead)",
}

var deciders = []string{"Ana Lopez (CMO)", "Kim Cho (CISO)", "Elena Novak (COO)"}

var executives = []string{"Elena Novak (COO)", "Rui Costa (CFO)", "Grace Obi (CEO)"}

var others = []string{
	"Tom Reyes (Controller)", "Lena Fischer (Legal Counsel)", "Sam Ortiz (HR)", "IT Operations",
	"Customer Care Lead", "Privacy Office",
}

var owners = append(append([]string{}, marketing[:3]...), "Tom Reyes (Controller)", "IT Operations")

var uses = []string{
	"product launches", "seasonal campaigns", "customer care", "recruiting posts",
	"influencer collaborations", "paid promotion", "live events", "regional offers",
	"store openings", "employee advocacy",
}

var features = []string{
	"SSO", "shared approval queues", "API access", "a browser extension", "customer data sync",
	"a second workspace", "agency seats", "offline export", "AI caption drafts", "a mobile app for staff phones",
}

var controls = []string{
	"Business account owned by the social@contoso.example group mailbox",
	"MFA for every person; hardware keys for admins",
	"Domain contoso.example claimed with a DNS TXT record",
	"Admins reviewed every quarter",
	"No personal accounts connected to brand pages",
	"Third-party apps approved by Security before connecting",
	"Login alerts sent to the social team's channel",
	"Recovery codes stored in the team vault",
}

var conditions = []string{
	"Per-user seats, no shared logins",
	"SSO enforced through Okta",
	"Hardware-key MFA for admins",
	"Only public product data",
	"Quarterly access review by the owner",
	"90-day retention for direct messages",
	"Tokens revoked when a campaign ends",
	"Spend limits set by Finance",
}

var setupSteps = []string{
	"Create the account with the group mailbox, never a personal email.",
	"Store the password in the team vault; nobody uses it day to day.",
	"Turn on two-factor authentication with the team's managed phone.",
	"Add people through business access, each with their own login and MFA.",
	"Connect approved tools from an admin seat only.",
	"Claim the domain before the first post.",
	"Record the account in the asset register with its owner.",
}

var needs = []string{
	"The audience there is growing faster than on any channel we use today.",
	"Competitors already reach our customers there, and the campaign calendar depends on it.",
	"The team spends hours a week doing this by hand.",
	"Customers ask for help there and expect an answer within a day.",
	"The agency we work with can only deliver through it.",
}

var riskRows = [][2]string{
	{"Account takeover through a personal login", "Group-mailbox ownership and MFA"},
	{"Impersonation of the brand", "Verified badge and monthly search for fakes"},
	{"Customer data in a new third-party system", "Data-processing agreement and retention limits"},
	{"Token abuse by a connected app", "App review and token revocation"},
	{"Spend fraud on paid promotion", "Finance-owned billing"},
	{"Leaked unreleased products", "Publishing calendar with embargo dates"},
}

var options = []string{
	"Use it as requested, with the controls Security asks for.",
	"Use it only for a pilot of three months, then decide again.",
	"Use an approved alternative instead.",
	"Do not use it.",
}

var platformTags = []string{"visual", "video", "retail", "professional", "messaging", "community", "audio", "new-platform"}
var toolTags = []string{"scheduling", "design", "analytics", "payments", "listening", "automation"}
var decisionTags = []string{"process", "escalation", "customer-care", "campaign", "vendor", "privacy", "paid-media"}
var pageTags = []string{"reference", "process", "training", "incident", "onboarding"}

var topics = []string{
	"account-takeover-response", "password-vault", "brand-impersonation", "employee-advocacy",
	"influencer-contracts", "paid-media-billing", "direct-message-handling", "crisis-communication",
	"content-approval", "asset-register", "offboarding", "third-party-apps", "live-streaming",
	"giveaways-and-contests", "data-classes", "retention", "phishing-reports", "agency-access",
}
