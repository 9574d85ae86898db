package workflow

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestUpdateClosuresDoNotCallTheStore keeps the store out of the closures
// that run inside a store transaction (domain.ScanStore.UpdateScan,
// CreateScan's deliver, and the fire helpers that hand theirs on): on
// SQLite the transaction holds the only connection, and a store call there
// waits for it forever. Such a closure reads through its TxReader.
func TestUpdateClosuresDoNotCallTheStore(t *testing.T) {
	t.Parallel()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	c := newClosureChecker(fset, files)
	// Without the store fields or the fire helpers the checker would pass
	// on anything.
	if !c.storeFields["store"] || c.runners["fire"] == nil || c.runners["fireWithDocuments"] == nil {
		t.Fatalf("checker sees store fields %v and transaction helpers %v", c.storeFields, c.runners)
	}
	for _, p := range c.check() {
		t.Error(p)
	}
}

// TestClosureChecker shows that the checker catches each misuse, and lets
// a closure that reads through its TxReader pass.
func TestClosureChecker(t *testing.T) {
	t.Parallel()
	const head = `package workflow

type ScanService struct {
	*core
	store    domain.ScanStore
	accounts scanAccountStore
}

type core struct{ audits trailStore }

func (c *core) audit(ctx context.Context) error { return c.audits.AppendAudit(ctx) }

func (s *ScanService) load(ctx context.Context, id string) (*domain.Scan, error) { return s.store.Scan(ctx, id) }

// fire hands mutate on into the transaction, as the real one does.
func (s *ScanService) fire(ctx context.Context, id string, mutate func(sc *domain.Scan) error) error {
	_, err := s.store.UpdateScan(ctx, id, func(sc *domain.Scan, tx domain.TxReader) (domain.Change, error) {
		return domain.Change{}, mutate(sc)
	})
	return err
}
`
	tests := []struct {
		name string
		body string
		want []string // substrings of the problems, in order; none for good code
	}{
		{"store field in the update closure", `
func (s *ScanService) Bad(ctx context.Context, id string) {
	s.store.UpdateScan(ctx, id, func(sc *domain.Scan, tx domain.TxReader) (domain.Change, error) {
		_, err := s.store.History(ctx, id)
		return domain.Change{}, err
	})
}`, []string{"bad.go:25: closure run in a store transaction refers to store field store"}},
		{"another store field", `
func (s *ScanService) Bad(ctx context.Context, id string) {
	s.store.UpdateScan(ctx, id, func(sc *domain.Scan, tx domain.TxReader) (domain.Change, error) {
		_, err := s.accounts.AdvisersFor(ctx, sc.OrganisationID, "a@b.nl")
		return domain.Change{}, err
	})
}`, []string{"refers to store field accounts"}},
		{"store captured from outside", `
func (s *ScanService) Bad(ctx context.Context, id string) {
	st := s.store
	st.UpdateScan(ctx, id, func(sc *domain.Scan, tx domain.TxReader) (domain.Change, error) {
		_, err := st.Scan(ctx, id)
		return domain.Change{}, err
	})
}`, []string{"captures store st"}},
		{"store parameter captured", `
func update(ctx context.Context, st domain.Store, id string) {
	st.UpdateScan(ctx, id, func(sc *domain.Scan, tx domain.TxReader) (domain.Change, error) {
		_, err := st.Document(ctx, id)
		return domain.Change{}, err
	})
}`, []string{"captures store st"}},
		{"method that reads the store", `
func (s *ScanService) Bad(ctx context.Context, id string) {
	s.store.UpdateScan(ctx, id, func(sc *domain.Scan, tx domain.TxReader) (domain.Change, error) {
		_, err := s.load(ctx, id)
		return domain.Change{}, s.audit(ctx)
	})
}`, []string{"calls load, which uses the store", "calls audit, which uses the store"}},
		{"closure given to fire", `
func (s *ScanService) Bad(ctx context.Context, id string) error {
	return s.fire(ctx, id, func(sc *domain.Scan) error {
		_, err := s.store.History(ctx, id)
		return err
	})
}`, []string{"refers to store field store"}},
		{"closure handed over by name", `
func (s *ScanService) Bad(ctx context.Context, id string) {
	update := func(sc *domain.Scan, tx domain.TxReader) (domain.Change, error) {
		_, err := s.store.History(ctx, id)
		return domain.Change{}, err
	}
	s.store.UpdateScan(ctx, id, update)
}`, []string{"refers to store field store"}},
		{"deliver of create", `
func (s *ScanService) Bad(ctx context.Context, n domain.NewScan) error {
	return s.store.CreateScan(ctx, n, func(sc *domain.Scan) error {
		_, err := s.store.Scan(ctx, sc.ID)
		return err
	})
}`, []string{"refers to store field store"}},
		{"reads through the transaction", `
func (s *ScanService) Good(ctx context.Context, id string) error {
	sc, err := s.load(ctx, id) // outside the closure: fine
	if err != nil {
		return err
	}
	_, err = s.store.UpdateScan(ctx, sc.ID, func(sc *domain.Scan, tx domain.TxReader) (domain.Change, error) {
		_, err := tx.AdvisersFor(ctx, sc.OrganisationID, "a@b.nl")
		return domain.Change{}, err
	})
	if err != nil {
		return err
	}
	return s.fire(ctx, id, func(sc *domain.Scan) error { sc.Version++; return nil })
}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, "bad.go", head+tt.body, 0)
			if err != nil {
				t.Fatal(err)
			}
			got := newClosureChecker(fset, []*ast.File{f}).check()
			if len(got) != len(tt.want) {
				t.Fatalf("problems %q, want %d like %q", got, len(tt.want), tt.want)
			}
			for i, w := range tt.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("problem %d is %q, want it to contain %q", i, got[i], w)
				}
			}
		})
	}
}

// closureChecker finds closures that run inside a store transaction and
// still reach the store. It reads syntax only: a store is a value of a
// type named Store or ending in Store (domain.ScanStore, scanAccountStore),
// held in a struct field or a local variable; name store interfaces so.
type closureChecker struct {
	fset  *token.FileSet
	decls []*ast.FuncDecl
	// storeFields are the names of struct fields of a store type.
	storeFields map[string]bool
	// touches holds the functions and methods, by name, that reach a
	// store, themselves or through a method of their receiver.
	touches map[string]bool
	// runners holds the functions and methods, by name, that run their
	// closure parameter at an index inside a store transaction.
	runners map[string]map[int]bool
}

func newClosureChecker(fset *token.FileSet, files []*ast.File) *closureChecker {
	c := &closureChecker{fset: fset, storeFields: map[string]bool{}, touches: map[string]bool{}, runners: map[string]map[int]bool{}}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.StructType:
				for _, fld := range n.Fields.List {
					if isStoreType(fld.Type) {
						for _, name := range fld.Names {
							c.storeFields[name.Name] = true
						}
					}
				}
			case *ast.FuncDecl:
				if n.Body != nil {
					c.decls = append(c.decls, n)
				}
			}
			return true
		})
	}
	c.findTouches()
	c.findRunners()
	return c
}

// isStoreType reports whether the type expression names a store.
func isStoreType(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.StarExpr:
		return isStoreType(e.X)
	case *ast.Ident:
		return strings.HasSuffix(e.Name, "Store")
	case *ast.SelectorExpr:
		return strings.HasSuffix(e.Sel.Name, "Store")
	}
	return false
}

// receiver returns the name of the method's receiver, or "".
func receiver(d *ast.FuncDecl) string {
	if d.Recv == nil || len(d.Recv.List) == 0 || len(d.Recv.List[0].Names) == 0 {
		return ""
	}
	return d.Recv.List[0].Names[0].Name
}

// storeLocals returns the function's parameters and variables that hold a
// store: declared with a store type, or assigned a store field.
func (c *closureChecker) storeLocals(d *ast.FuncDecl) map[string]bool {
	out := map[string]bool{}
	for _, p := range d.Type.Params.List {
		if isStoreType(p.Type) {
			for _, n := range p.Names {
				out[n.Name] = true
			}
		}
	}
	ast.Inspect(d.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ValueSpec:
			if n.Type != nil && isStoreType(n.Type) {
				for _, id := range n.Names {
					out[id.Name] = true
				}
			}
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i, r := range n.Rhs {
					if id, ok := n.Lhs[i].(*ast.Ident); ok && c.isStoreExpr(r, out) {
						out[id.Name] = true
					}
				}
			}
		}
		return true
	})
	return out
}

// isStoreExpr reports whether e is a store field (s.store, s.scans.store)
// or a local holding a store.
func (c *closureChecker) isStoreExpr(e ast.Expr, locals map[string]bool) bool {
	switch e := e.(type) {
	case *ast.SelectorExpr:
		return c.storeFields[e.Sel.Name]
	case *ast.Ident:
		return locals[e.Name]
	}
	return false
}

// callee returns the name of the function or method of the receiver recv
// that call calls (s.load, s.scans.Scan, adviserFor), or "".
func callee(call *ast.CallExpr, recv string) string {
	switch fn := call.Fun.(type) {
	case *ast.Ident:
		return fn.Name
	case *ast.SelectorExpr:
		if recv != "" && rootIdent(fn.X) == recv {
			return fn.Sel.Name
		}
	}
	return ""
}

// rootIdent returns the name a selector chain starts from, or "".
func rootIdent(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.Ident:
			return x.Name
		case *ast.SelectorExpr:
			e = x.X
		default:
			return ""
		}
	}
}

// findTouches marks the functions that reach a store, until no more do.
func (c *closureChecker) findTouches() {
	calls := map[string][]string{}
	for _, d := range c.decls {
		locals, recv := c.storeLocals(d), receiver(d)
		ast.Inspect(d.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.SelectorExpr:
				if c.storeFields[n.Sel.Name] {
					c.touches[d.Name.Name] = true
				}
			case *ast.Ident:
				if locals[n.Name] {
					c.touches[d.Name.Name] = true
				}
			case *ast.CallExpr:
				if name := callee(n, recv); name != "" {
					calls[d.Name.Name] = append(calls[d.Name.Name], name)
				}
			}
			return true
		})
	}
	for changed := true; changed; {
		changed = false
		for fn, callees := range calls {
			if !c.touches[fn] && slices.ContainsFunc(callees, func(name string) bool { return c.touches[name] }) {
				c.touches[fn], changed = true, true
			}
		}
	}
}

// funcParams returns the indexes of the declaration's parameters of a
// function type, by name.
func funcParams(d *ast.FuncDecl) map[string]int {
	out := map[string]int{}
	i := 0
	for _, p := range d.Type.Params.List {
		names := len(p.Names)
		if names == 0 {
			names = 1
		}
		if _, ok := p.Type.(*ast.FuncType); ok {
			for j, n := range p.Names {
				out[n.Name] = i + j
			}
		}
		i += names
	}
	return out
}

// transactional calls visit for each argument of a call in d that runs
// inside a store transaction: any argument of a call on a store, and a
// runner's closure argument.
func (c *closureChecker) transactional(d *ast.FuncDecl, visit func(arg ast.Expr)) {
	locals, recv := c.storeLocals(d), receiver(d)
	ast.Inspect(d.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if sel, ok := call.Fun.(*ast.SelectorExpr); ok && c.isStoreExpr(sel.X, locals) {
			for _, arg := range call.Args {
				visit(arg)
			}
			return true
		}
		if idx := c.runners[callee(call, recv)]; idx != nil {
			for i, arg := range call.Args {
				if idx[i] {
					visit(arg)
				}
			}
		}
		return true
	})
}

// findRunners marks the functions that run a closure parameter inside a
// store transaction, handing it on or calling it there, until no more do.
func (c *closureChecker) findRunners() {
	for changed := true; changed; {
		changed = false
		for _, d := range c.decls {
			params := funcParams(d)
			if len(params) == 0 {
				continue
			}
			mark := func(name string) {
				i, ok := params[name]
				if !ok || c.runners[d.Name.Name][i] {
					return
				}
				if c.runners[d.Name.Name] == nil {
					c.runners[d.Name.Name] = map[int]bool{}
				}
				c.runners[d.Name.Name][i], changed = true, true
			}
			c.transactional(d, func(arg ast.Expr) {
				ast.Inspect(arg, func(n ast.Node) bool {
					if id, ok := n.(*ast.Ident); ok {
						mark(id.Name)
					}
					return true
				})
			})
		}
	}
}

// check returns a problem for each reach to a store from a closure that
// runs inside a store transaction, in source order.
func (c *closureChecker) check() []string {
	seen := map[token.Pos]bool{}
	var out []problem
	for _, d := range c.decls {
		locals, recv := c.storeLocals(d), receiver(d)
		report := func(n ast.Node, format string, args ...any) {
			if seen[n.Pos()] {
				return
			}
			seen[n.Pos()] = true
			p := c.fset.Position(n.Pos())
			out = append(out, problem{n.Pos(), fmt.Sprintf("%s:%d: closure run in a store transaction ", filepath.Base(p.Filename), p.Line) +
				fmt.Sprintf(format, args...) + "; read through its domain.TxReader instead"})
		}
		lits := funcLitVars(d)
		c.transactional(d, func(arg ast.Expr) {
			lit, ok := arg.(*ast.FuncLit)
			if id, isVar := arg.(*ast.Ident); isVar {
				lit, ok = lits[id.Name]
			}
			if !ok {
				return
			}
			ast.Inspect(lit.Body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.SelectorExpr:
					if c.storeFields[n.Sel.Name] {
						report(n.Sel, "refers to store field %s", n.Sel.Name)
					}
				case *ast.Ident:
					if locals[n.Name] {
						report(n, "captures store %s", n.Name)
					}
				case *ast.CallExpr:
					if name := callee(n, recv); c.touches[name] {
						report(n, "calls %s, which uses the store", name)
					}
				}
				return true
			})
		})
	}
	slices.SortFunc(out, func(a, b problem) int { return int(a.pos - b.pos) })
	texts := make([]string, len(out))
	for i, p := range out {
		texts[i] = p.text
	}
	return texts
}

// funcLitVars returns the function's variables assigned a function
// literal, by name, so that a closure handed over by name is checked too.
func funcLitVars(d *ast.FuncDecl) map[string]*ast.FuncLit {
	out := map[string]*ast.FuncLit{}
	ast.Inspect(d.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i, r := range n.Rhs {
					id, isIdent := n.Lhs[i].(*ast.Ident)
					if lit, isLit := r.(*ast.FuncLit); isIdent && isLit {
						out[id.Name] = lit
					}
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) == len(n.Values) {
				for i, v := range n.Values {
					if lit, isLit := v.(*ast.FuncLit); isLit {
						out[n.Names[i].Name] = lit
					}
				}
			}
		}
		return true
	})
	return out
}

type problem struct {
	pos  token.Pos
	text string
}
