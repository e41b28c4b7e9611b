package models

import "testing"

func TestFoldTerm(t *testing.T) {
	same := [][]string{
		{"Node.js", "node js", "NodeJS", "node-js"},
		{"CI/CD", "ci cd", "cicd"},
		{"Machine learning", "machine-learning", "MACHINE LEARNING"},
	}
	for _, group := range same {
		for _, v := range group[1:] {
			if FoldTerm(v) != FoldTerm(group[0]) {
				t.Errorf("%q and %q should fold together", v, group[0])
			}
		}
	}
	if FoldTerm("C") == FoldTerm("C++") || FoldTerm("C++") == FoldTerm("C#") {
		t.Error("C, C++ and C# must stay apart")
	}
}

func TestCleanAddRemoveTerm(t *testing.T) {
	if got := CleanTerm("  Go \t lang\n"); got != "Go lang" {
		t.Errorf("clean: %q", got)
	}
	if got := CleanTerm("\x00\x07 "); got != "" {
		t.Errorf("control characters: %q", got)
	}
	list, added := AddTerm([]string{"Go"}, "go")
	if added || len(list) != 1 {
		t.Error("a variant was added twice")
	}
	list, added = AddTerm(list, "Rust")
	if !added || len(list) != 2 {
		t.Error("a new term was not added")
	}
	if got := RemoveTerm(list, "GO"); len(got) != 1 || got[0] != "Rust" {
		t.Errorf("remove: %v", got)
	}
}
