// Package deploy holds the deployment files for several replicas (Docker
// Compose, Kubernetes); its test checks that they hang together, since no
// container runtime runs in CI.
package deploy

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"
)

func read(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// The compose file runs two replicas on one PostgreSQL, which they wait
// for, with the corpus volume where they read it.
func TestCompose(t *testing.T) {
	var c struct {
		Services map[string]struct {
			Image       string            `yaml:"image"`
			Environment map[string]string `yaml:"environment"`
			Volumes     []string          `yaml:"volumes"`
			Deploy      struct {
				Replicas int `yaml:"replicas"`
			} `yaml:"deploy"`
			DependsOn map[string]struct {
				Condition string `yaml:"condition"`
			} `yaml:"depends_on"`
			Healthcheck map[string]any `yaml:"healthcheck"`
		} `yaml:"services"`
		Volumes map[string]any `yaml:"volumes"`
	}
	read(t, "compose.yaml", &c)
	app, db := c.Services["landscape"], c.Services["postgres"]
	if app.Deploy.Replicas != 2 {
		t.Errorf("landscape replicas = %d, want 2", app.Deploy.Replicas)
	}
	if u := app.Environment["LANDSCAPE_STORE_URL"]; !strings.HasPrefix(u, "postgres://") || !strings.Contains(u, "@postgres:5432/"+db.Environment["POSTGRES_DB"]) {
		t.Errorf("LANDSCAPE_STORE_URL %q does not name the postgres service's database", u)
	}
	if app.DependsOn["postgres"].Condition != "service_healthy" || db.Healthcheck == nil {
		t.Error("the replicas must wait for a healthy PostgreSQL")
	}
	corpus := app.Environment["LANDSCAPE_CORPUS_DIR"]
	mounted := false
	for _, v := range app.Volumes {
		parts := strings.Split(v, ":")
		if len(parts) >= 2 && parts[1] == corpus {
			_, named := c.Volumes[parts[0]]
			mounted = named
		}
	}
	if corpus == "" || !mounted {
		t.Errorf("LANDSCAPE_CORPUS_DIR %q is not a named volume of the replicas", corpus)
	}
}

// kubeObject is what the test reads of a Kubernetes manifest.
type kubeObject struct {
	Kind     string `yaml:"kind"`
	Metadata struct {
		Name string `yaml:"name"`
	} `yaml:"metadata"`
	StringData map[string]string `yaml:"stringData"`
	Data       map[string]string `yaml:"data"`
	Resources  []string          `yaml:"resources"`
	Spec       struct {
		Replicas    int      `yaml:"replicas"`
		AccessModes []string `yaml:"accessModes"`
		Template    struct {
			Spec struct {
				Containers []struct {
					EnvFrom []struct {
						SecretRef    *struct{ Name string } `yaml:"secretRef"`
						ConfigMapRef *struct{ Name string } `yaml:"configMapRef"`
					} `yaml:"envFrom"`
					Env []struct {
						Name, Value string
					} `yaml:"env"`
					VolumeMounts []struct {
						Name      string `yaml:"name"`
						MountPath string `yaml:"mountPath"`
					} `yaml:"volumeMounts"`
				} `yaml:"containers"`
				Volumes []struct {
					Name                  string `yaml:"name"`
					PersistentVolumeClaim *struct {
						ClaimName string `yaml:"claimName"`
					} `yaml:"persistentVolumeClaim"`
				} `yaml:"volumes"`
			} `yaml:"spec"`
		} `yaml:"template"`
	} `yaml:"spec"`
}

// The Kubernetes files: a Deployment of 2 whose Secret, ConfigMap and
// corpus claim are the ones defined beside it, all listed in the
// kustomization.
func TestKubernetes(t *testing.T) {
	var kust kubeObject
	read(t, "kubernetes/kustomization.yaml", &kust)
	files, _ := filepath.Glob("kubernetes/*.yaml")
	var others []string
	objects := map[string]kubeObject{} // kind/name
	for _, f := range files {
		if filepath.Base(f) == "kustomization.yaml" {
			continue
		}
		others = append(others, filepath.Base(f))
		var o kubeObject
		read(t, f, &o)
		objects[o.Kind+"/"+o.Metadata.Name] = o
	}
	sort.Strings(others)
	listed := append([]string(nil), kust.Resources...)
	sort.Strings(listed)
	if diff := cmp.Diff(others, listed); diff != "" {
		t.Errorf("kustomization resources (-files +listed):\n%s", diff)
	}
	dep, ok := objects["Deployment/landscape"]
	if !ok || dep.Spec.Replicas != 2 || len(dep.Spec.Template.Spec.Containers) != 1 {
		t.Fatalf("want a Deployment landscape of 2 replicas with one container: %+v", dep)
	}
	c := dep.Spec.Template.Spec.Containers[0]
	for _, from := range c.EnvFrom {
		switch {
		case from.SecretRef != nil:
			s, ok := objects["Secret/"+from.SecretRef.Name]
			for _, k := range []string{"SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "LANDSCAPE_STORE_URL"} {
				if _, has := s.StringData[k]; !ok || !has {
					t.Errorf("Secret %s lacks %s", from.SecretRef.Name, k)
				}
			}
		case from.ConfigMapRef != nil:
			if _, ok := objects["ConfigMap/"+from.ConfigMapRef.Name]; !ok {
				t.Errorf("no ConfigMap %s", from.ConfigMapRef.Name)
			}
		}
	}
	corpus := ""
	for _, e := range c.Env {
		if e.Name == "LANDSCAPE_CORPUS_DIR" {
			corpus = e.Value
		}
	}
	claim := ""
	for _, m := range c.VolumeMounts {
		if m.MountPath != corpus {
			continue
		}
		for _, v := range dep.Spec.Template.Spec.Volumes {
			if v.Name == m.Name && v.PersistentVolumeClaim != nil {
				claim = v.PersistentVolumeClaim.ClaimName
			}
		}
	}
	pvc, ok := objects["PersistentVolumeClaim/"+claim]
	if corpus == "" || !ok || !cmp.Equal(pvc.Spec.AccessModes, []string{"ReadWriteMany"}) {
		t.Errorf("the corpus folder %q must be a ReadWriteMany claim the replicas share (claim %q)", corpus, claim)
	}
}

// Every variable the deployment files set is documented in .env.example.
func TestVariablesAreDocumented(t *testing.T) {
	example, err := os.ReadFile("../.env.example")
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^([A-Z][A-Z0-9_]+)=`).FindAllStringSubmatch(string(example), -1) {
		documented[m[1]] = true
	}
	used := regexp.MustCompile(`\b(?:LANDSCAPE|SLACK|DIGEST|LOG|HTTP)_[A-Z_]+\b`)
	files, _ := filepath.Glob("kubernetes/*.yaml")
	for _, f := range append(files, "compose.yaml") {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range used.FindAllString(string(b), -1) {
			if !documented[v] {
				t.Errorf("%s sets %s, which .env.example does not document", f, v)
			}
		}
	}
}
