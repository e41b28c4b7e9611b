package taxonomy

import "github.com/talentcommunity/portal/models"

// term builds a default term: its label, then the variants that fold to it.
func term(kind models.TermKind, label string, aliases ...string) models.Term {
	return models.Term{Key: models.TermKey(kind, label), Kind: kind, Label: label, Aliases: aliases}
}

func skill(label string, aliases ...string) models.Term {
	return term(models.TermSkill, label, aliases...)
}

func interest(label string, aliases ...string) models.Term {
	return term(models.TermInterest, label, aliases...)
}

// Defaults is the taxonomy a new portal starts with: technologies, methods
// and functions as skills; fields, themes and industries as interests.
// Recruiters and admins add more.
var Defaults = []models.Term{
	// Languages
	skill("Go", "golang"), skill("Python", "py"), skill("Java"), skill("Kotlin"), skill("Scala"),
	skill("JavaScript", "js", "ecmascript"), skill("TypeScript", "ts"), skill("C"), skill("C++", "cpp"),
	skill("C#", "csharp", "c sharp"), skill("Rust"), skill("Ruby"), skill("PHP"), skill("Swift"),
	skill("Elixir"), skill("R"), skill("SQL"), skill("Bash", "shell", "shell scripting"),
	// Front end and mobile
	skill("React", "reactjs"), skill("Vue.js", "vue"), skill("Angular", "angularjs"), skill("Svelte"),
	skill("HTML"), skill("CSS", "css3"), skill("htmx"), skill("Accessibility", "a11y", "wcag"),
	skill("Flutter"), skill("React Native"), skill("Android"), skill("iOS"),
	// Back end and data stores
	skill("Node.js", "node"), skill(".NET", "dotnet"), skill("Spring", "spring boot"), skill("Django"),
	skill("Ruby on Rails", "rails", "ror"), skill("gRPC"), skill("GraphQL"), skill("REST APIs", "rest", "restful apis"),
	skill("PostgreSQL", "postgres", "psql"), skill("MySQL"), skill("MongoDB", "mongo"), skill("Redis"),
	skill("Elasticsearch", "elastic"), skill("Kafka", "apache kafka"),
	// Cloud and operations
	skill("AWS", "amazon web services"), skill("Azure", "microsoft azure"), skill("Google Cloud", "gcp"),
	skill("Kubernetes", "k8s"), skill("Docker"), skill("Terraform"), skill("Ansible"), skill("Linux"),
	skill("CI/CD", "ci", "continuous integration", "continuous delivery"), skill("Observability", "monitoring"),
	skill("Site reliability engineering", "sre"),
	// Data and AI
	skill("Machine learning", "ml"), skill("Deep learning", "dl"), skill("Large language models", "llm", "llms"),
	skill("Data engineering"), skill("Spark", "apache spark", "pyspark"), skill("Airflow", "apache airflow"),
	skill("dbt"), skill("Statistics"), skill("Power BI", "powerbi"), skill("Tableau"),
	// Security
	skill("Penetration testing", "pentesting", "pentest"), skill("Cloud security"), skill("Identity and access management", "iam"),
	// Design, product and ways of working
	skill("Figma"), skill("User research", "ux research"), skill("Prototyping"), skill("UX design", "user experience design"),
	skill("Product management"), skill("Roadmapping"), skill("Scrum"), skill("Kanban"), skill("Agile"),
	skill("Software architecture", "architecture"), skill("Coaching"), skill("Hiring", "recruiting"),
	skill("Stakeholder management"), skill("Testing", "test automation", "qa"),

	// Fields and functions
	interest("Backend", "back end", "back-end development"), interest("Frontend", "front end", "front-end development"),
	interest("Full stack", "fullstack"), interest("Mobile"), interest("Data"), interest("AI", "artificial intelligence"),
	interest("Cloud"), interest("DevOps"), interest("Security", "cyber security", "cybersecurity"),
	interest("Design", "ux", "ui"), interest("Product"), interest("Leadership", "management"),
	interest("Embedded systems", "embedded"), interest("Quality assurance"),
	// Themes
	interest("Open source"), interest("Sustainability", "climate"), interest("Remote work"),
	interest("Career growth", "career"), interest("Diversity and inclusion", "d&i", "dei"), interest("Startups"),
	// Industries
	interest("Fintech", "finance"), interest("Healthcare", "health"), interest("Energy"), interest("E-commerce", "ecommerce", "retail"),
	interest("Logistics"), interest("Gaming", "games"), interest("Government", "public sector"), interest("Education", "edtech"),
	interest("Media"), interest("Telecom", "telecommunications"), interest("Manufacturing"), interest("Mobility", "automotive"),
}

// defaultLabels maps kind:fold(label or alias) of the defaults to the label.
var defaultLabels = func() map[string]string {
	m := map[string]string{}
	for _, t := range Defaults {
		m[string(t.Kind)+":"+models.FoldTerm(t.Label)] = t.Label
		for _, a := range t.Aliases {
			m[string(t.Kind)+":"+models.FoldTerm(a)] = t.Label
		}
	}
	return m
}()

// DefaultLabels normalises terms against the default taxonomy without a
// database (for the seeder); unknown terms are only cleaned.
func DefaultLabels(kind models.TermKind, terms []string) []string {
	var out []string
	for _, t := range terms {
		label, ok := defaultLabels[string(kind)+":"+models.FoldTerm(t)]
		if !ok {
			label = models.CleanTerm(t)
		}
		out, _ = models.AddTerm(out, label)
	}
	return out
}
