use crate::run;
use trellis_model::{SourceFile, Sources, Structure, load};

/// Facts about each real version, counted by hand from the CSV files (see the note in
/// examples/sourcegraph/README.md).
struct Facts {
    version: &'static str,
    people: usize,
    root: &'static str,
    max_depth: u32,
    widest: (&'static str, usize),
    no_product_lead: &'static [&'static str],
    no_design_lead: &'static [&'static str],
    unowned_surfaces: usize,
}

const FACTS: [Facts; 3] = [
    Facts {
        version: "2022-05-18",
        people: 278,
        root: "quinn_slack",
        max_depth: 5,
        widest: ("nicholas_gage", 14),
        no_product_lead: &["growth"],
        no_design_lead: &[
            "security",
            "growth",
            "devops",
            "delivery",
            "dev_experience",
            "repo_management",
            "content_platform",
        ],
        // 46 rows name no owner team; 10 more name a team as Caretaker, which is not owning.
        unowned_surfaces: 46 + 10,
    },
    Facts {
        version: "2022-11-21",
        people: 220,
        root: "quinn_slack",
        max_depth: 4,
        widest: ("aimee_menne", 25),
        no_product_lead: &["search_core", "code_exploration", "security", "cloud"],
        no_design_lead: &[
            "code_exploration",
            "iam",
            "delivery",
            "dev_experience",
            "repo_management",
            "content_platform",
            "security",
            "cloud",
        ],
        unowned_surfaces: 0,
    },
    Facts {
        version: "2024-05-22",
        people: 167,
        root: "quinn_slack",
        max_depth: 4,
        widest: ("erika_rice_scherpelz", 13),
        no_product_lead: &[
            "code_search",
            "search_platform",
            "source",
            "graph",
            "ship_release",
            "ship_devinfra",
            "ship_cloudops",
            "ship_core_services",
            "security",
            "cody_strategic",
        ],
        no_design_lead: &[
            "source",
            "graph",
            "ship_release",
            "ship_devinfra",
            "ship_cloudops",
            "ship_core_services",
            "security",
            "cody_strategic",
        ],
        unowned_surfaces: 0,
    },
];

pub fn import(version: &str, out: &std::path::Path) -> String {
    let base = format!("examples/sourcegraph/{version}");
    let (code, stdout, stderr) = run(&[
        "import",
        "csv",
        "--people",
        &format!("{base}/people.csv"),
        "--teams",
        &format!("{base}/teams.csv"),
        "--groups",
        &format!("{base}/groups.csv"),
        "--surfaces",
        &format!("{base}/surfaces.csv"),
        "--name",
        "Sourcegraph",
        "--out",
        out.to_str().expect("path"),
    ]);
    assert_eq!(code, 0, "{stderr}");
    stdout
}

#[test]
fn real_versions_import_with_the_facts_checked_by_hand() {
    for f in &FACTS {
        let dir = tempfile::tempdir().expect("tmp");
        let summary = import(f.version, dir.path());
        assert!(
            summary.starts_with(&format!("Imported {} people", f.people)),
            "{summary}"
        );
        if f.version == "2022-05-18" {
            assert!(
                summary.contains("3 names are on more than one row of the people file: Loïc Guychard (loïc_guychard on line 16, engineering_manager_code_security_tiger_team on line 17); Virginia Ulrich (virginia_ulrich on line 51, engineering_manager_delivery on line 52); Nicholas Gage (nicholas_gage on line 104, director_demand_generation on line 105)."),
                "{summary}"
            );
            assert!(
                summary.contains("10 surfaces have a caretaker, not an owner: imported without an owner, the caretaker named in their description (sg_tool: dev_experience,"),
                "{summary}"
            );
        }

        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir.path()).expect("out dir") {
            let path = entry.expect("entry").path();
            files.push(SourceFile {
                path: path.display().to_string(),
                text: std::fs::read_to_string(&path).expect("read"),
            });
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        let sources = Sources::new(files);
        let loaded = load(&sources);
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        let org = &loaded.org;
        let s = Structure::new(org);
        assert_eq!(org.people.len(), f.people, "{}", f.version);
        let roots: Vec<&str> = org
            .people
            .iter()
            .filter(|p| p.reports_to.is_none())
            .map(|p| p.id.id.as_str())
            .collect();
        assert_eq!(roots, [f.root], "{}", f.version);
        assert_eq!(org.leader().map(|l| l.id.as_str()), Some(f.root));
        let depth = s.depth_below_leader.iter().flatten().max().copied();
        assert_eq!(depth, Some(f.max_depth), "{}", f.version);
        let (widest, n) = s
            .reports
            .iter()
            .enumerate()
            .max_by_key(|(i, r)| (r.len(), std::cmp::Reverse(*i)))
            .map(|(i, r)| (org.people[i].id.id.as_str(), r.len()))
            .expect("someone");
        assert_eq!((widest, n), f.widest, "{}", f.version);
        let no_product: Vec<&str> = org
            .teams
            .iter()
            .filter(|t| t.leads.product.is_none())
            .map(|t| t.id.id.as_str())
            .collect();
        let no_design: Vec<&str> = org
            .teams
            .iter()
            .filter(|t| t.leads.design.is_none())
            .map(|t| t.id.id.as_str())
            .collect();
        let mut expected_design = f.no_design_lead.to_vec();
        let mut got_design = no_design.clone();
        expected_design.sort_unstable();
        got_design.sort_unstable();
        assert_eq!(no_product, f.no_product_lead, "{}", f.version);
        assert_eq!(got_design, expected_design, "{}", f.version);
        let unowned = s.owners.iter().filter(|o| o.is_empty()).count();
        assert_eq!(unowned, f.unowned_surfaces, "{}", f.version);

        // And `check` says the same things in its own words.
        let (code, json, _) = run(&[
            "check",
            dir.path().to_str().expect("path"),
            "--format",
            "json",
        ]);
        assert_eq!(code, 0);
        let list: Vec<serde_json::Value> = serde_json::from_str(&json).expect("json");
        let count = |rule: &str| list.iter().filter(|x| x["rule"] == rule).count();
        assert_eq!(
            count("ownership-orphan"),
            f.unowned_surfaces,
            "{}",
            f.version
        );
        let incomplete: std::collections::BTreeSet<&str> = f
            .no_product_lead
            .iter()
            .chain(f.no_design_lead)
            .copied()
            .collect();
        assert_eq!(count("triad-incomplete"), incomplete.len(), "{}", f.version);
        assert!(
            list.iter().any(|x| x["rule"] == "span-too-wide"
                && x["message"].as_str().is_some_and(|m| m.contains(&format!(
                    "({}) has {} direct reports",
                    f.widest.0, f.widest.1
                )))),
            "{}",
            f.version
        );
    }
}

#[test]
fn real_versions_check_output() {
    for f in &FACTS {
        let dir = tempfile::tempdir().expect("tmp");
        let out_dir = dir.path().join(format!("sourcegraph-{}", f.version));
        import(f.version, &out_dir);
        let (_, out, _) = run(&["check", out_dir.to_str().expect("path")]);
        // Paths differ per run; show them relative to the temporary folder.
        let shown = out.replace(&format!("{}/", dir.path().display()), "");
        insta::assert_snapshot!(
            format!("sourcegraph_{}", f.version.replace('-', "_")),
            shown
        );
    }
}

#[test]
fn bad_rows_are_reported_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("tmp");
    let people = dir.path().join("people.csv");
    std::fs::write(
        &people,
        "ID,Full name,Title,Supervisor ID\na,Ann,VP Product,\nb,Bo,PM,zz\nb,Bea,PM,a\n",
    )
    .expect("write");
    let out = dir.path().join("org");
    let p = people.to_str().expect("path");
    let o = out.to_str().expect("path");
    let (code, _, err) = run(&["import", "csv", "--people", p, "--out", o]);
    assert_eq!(code, 2);
    assert!(err.contains("has no column `employee_id`"), "{err}");
    let (code, _, err) = run(&[
        "import",
        "csv",
        "--people",
        p,
        "--out",
        o,
        "--column",
        "employee_id=ID",
        "--column",
        "name=Full name",
        "--column",
        "job_title=Title",
        "--column",
        "manager_id=Supervisor ID",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains(
            ":3: column `Supervisor ID`: the manager of `b` is `zz`, who is not in the file."
        ),
        "{err}"
    );
    assert!(
        err.contains(":4: column `ID`: employee id `b` is already used on line 3"),
        "{err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert!(
        !out.exists(),
        "an import with errors must not write anything"
    );
}

/// `--preset`: a vendor's export as it comes, the unread columns said, a bad manager named by
/// row, nothing written on an error.
#[test]
fn an_hr_systems_export_imports_with_its_preset() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("org");
    let o = out.to_str().expect("path");
    let (code, said, err) = crate::run(&[
        "import",
        "csv",
        "--preset",
        "hibob",
        "--people",
        "examples/hr/hibob.csv",
        "--out",
        o,
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(said.contains("Imported 7 people"), "{said}");
    assert!(
        said.contains(
            "Read but not kept (the org files have no place for them): Department, Start date."
        ),
        "{said}"
    );
    assert!(
        said.contains("Columns of the HiBob export not read: Site."),
        "{said}"
    );
    let people: String = std::fs::read_dir(&out)
        .expect("written")
        .map(|f| std::fs::read_to_string(f.expect("file").path()).expect("read"))
        .collect();
    assert!(
        people.contains("Li Wei") && people.contains("reports_to: \"201\""),
        "{people}"
    );
    let (code, said, err) = crate::run(&["check", o]);
    assert!(code == 0 || code == 1, "{said}{err}");

    // A manager nobody in the file is: named by file, line and column; nothing written.
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        std::fs::read_to_string(crate::root().join("examples/hr/personio.csv"))
            .expect("sample")
            .replace(",Li Wei,internal\n5,", ",Lee Wei,internal\n5,"),
    )
    .expect("write");
    let out2 = dir.path().join("org2");
    let (code, _, err) = crate::run(&[
        "import",
        "csv",
        "--preset",
        "personio",
        "--people",
        bad.to_str().expect("path"),
        "--out",
        out2.to_str().expect("path"),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("bad.csv:5: column `Supervisor`: the manager of Tom Berg is `Lee Wei`, and no one in the file has that id or name. Did you mean `Li Wei`?"), "{err}");
    assert!(!out2.exists(), "nothing written");
    // The people columns come from the preset.
    let (code, _, err) = crate::run(&[
        "import",
        "csv",
        "--preset",
        "workday",
        "--people",
        "examples/hr/workday.csv",
        "--out",
        out2.to_str().expect("path"),
        "--column",
        "manager_id=Boss",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("with --preset the people file's columns come from the preset"),
        "{err}"
    );
}

/// `import backstage` / `export backstage`: the demo goes out and back in; a catalog with a
/// bad reference is refused with its file, line and entity, nothing written.
#[test]
fn a_backstage_catalog_goes_out_and_comes_back() {
    let dir = tempfile::tempdir().expect("tmp");
    let catalog = dir.path().join("catalog.yaml");
    let (code, said, err) = crate::run(&[
        "export",
        "backstage",
        "examples/northwind",
        "--out",
        catalog.to_str().expect("path"),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(said.contains("Wrote"), "{said}");
    let out = dir.path().join("org");
    let (code, said, err) = crate::run(&[
        "import",
        "backstage",
        catalog.to_str().expect("path"),
        "--out",
        out.to_str().expect("path"),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(said.contains("Imported 8"), "{said}");
    let (code, said, err) = crate::run(&["check", out.to_str().expect("path")]);
    assert!(code == 0 || code == 1, "{said}{err}");

    let bad = dir.path().join("bad.yaml");
    std::fs::write(
        &bad,
        std::fs::read_to_string(&catalog).expect("read").replacen(
            "owner: \"group:",
            "owner: \"group:no-such-",
            1,
        ),
    )
    .expect("write");
    let out2 = dir.path().join("org2");
    let (code, _, err) = crate::run(&[
        "import",
        "backstage",
        bad.to_str().expect("path"),
        "--out",
        out2.to_str().expect("path"),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("bad.yaml:")
            && err.contains(": Component `")
            && err.contains("its owner `no-such-"),
        "{err}"
    );
    assert!(!out2.exists(), "nothing written");
}
