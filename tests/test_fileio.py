"""greenimpact.fileio: the one YAML reader, atomic writes, env names and the input-file rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from greenimpact import data, fileio, results
from greenimpact.fileio import (
    YAMLFileError,
    atomic_path,
    atomic_write_text,
    is_input_file,
    load_yaml,
)
from greenimpact.render import cache

REPO = Path(__file__).resolve().parent.parent

# ------------------------------------------------------------------------------------------
# YAML


def test_load_yaml_keeps_dates_as_strings(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("when: 2024-01-11\nn: 3\nx: [1, 2]\n", encoding="utf-8")
    assert load_yaml(path) == {"when": "2024-01-11", "n": 3, "x": [1, 2]}


def test_load_yaml_refuses_duplicate_keys_naming_file_and_line(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("top:\n  a: 1\n  b: 2\n  a: 3\n", encoding="utf-8")
    with pytest.raises(YAMLFileError, match=r"a\.yaml, line 4: duplicate key 'a'") as err:
        load_yaml(path)
    assert (err.value.kind, err.value.line, err.value.path) == ("duplicate key", 4, str(path))
    with pytest.raises(YAMLFileError, match=r"^shown\.yaml, line 4: duplicate key 'a'$"):
        load_yaml(path, display="shown.yaml")


def test_load_yaml_merge_keys_may_be_overridden(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("base: &b {x: 1, y: 2}\nmine:\n  <<: *b\n  y: 3\n", encoding="utf-8")
    assert load_yaml(path)["mine"] == {"x": 1, "y": 3}


def test_load_yaml_syntax_and_read_errors_name_the_file(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("a: [\n", encoding="utf-8")
    with pytest.raises(YAMLFileError, match=r"(?s)bad\.yaml is not valid YAML: .*bad\.yaml\", line 2") as err:
        load_yaml(path)
    assert err.value.kind == "syntax"
    with pytest.raises(YAMLFileError, match=r"cannot read .*missing\.yaml") as err:
        load_yaml(tmp_path / "missing.yaml")
    assert err.value.kind == "unreadable"


def test_data_read_yaml_uses_the_same_loader(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("k: 1\nk: 2\n", encoding="utf-8")
    with pytest.raises(data.DataError, match=r"c\.yaml, line 2: duplicate key 'k'"):
        data.read_yaml(path)


@pytest.fixture
def codelist_dir(tmp_path, monkeypatch):
    folder = tmp_path / "codelist"
    folder.mkdir()
    monkeypatch.setattr(results, "_CODELIST_DIR", folder)
    results._codelist.cache_clear()
    yield folder
    results._codelist.cache_clear()


def test_codelist_reader_refuses_a_duplicate_key(codelist_dir):
    (codelist_dir / "mine.yaml").write_text(
        "Energy|Total:\n  unit: TWh/yr\n  description: first\n"
        "Energy|Total:\n  unit: TWh/yr\n  description: second\n",
        encoding="utf-8",
    )
    with pytest.raises(results.ResultError, match=r"mine\.yaml, line 4: duplicate key 'Energy\|Total'"):
        results.codelist()


def test_codelist_reader_accepts_a_clean_file(codelist_dir):
    (codelist_dir / "mine.yaml").write_text(
        "Energy|Total:\n  unit: TWh/yr\n  description: first\n", encoding="utf-8"
    )
    assert results.codelist()["variable"].tolist() == ["Energy|Total"]


# ------------------------------------------------------------------------------------------
# atomic writes


def test_atomic_write_text_replaces_and_leaves_no_temp(tmp_path):
    path = tmp_path / "out.txt"
    path.write_text("old", encoding="utf-8")
    atomic_write_text(path, "new ü")
    assert path.read_text(encoding="utf-8") == "new ü"
    atomic_write_text(path, "synced", fsync=True)
    assert path.read_text(encoding="utf-8") == "synced"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


@pytest.mark.parametrize("exc", [RuntimeError, KeyboardInterrupt])
def test_atomic_path_failure_keeps_old_file_and_removes_temp(tmp_path, exc):
    path = tmp_path / "table.csv"
    path.write_text("old", encoding="utf-8")
    with pytest.raises(exc), atomic_path(path) as tmp:
        assert tmp.parent == tmp_path and tmp.name.startswith(".table.csv.tmp-")
        tmp.write_text("half", encoding="utf-8")
        raise exc
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["table.csv"]


def test_atomic_path_failure_before_the_temp_exists(tmp_path):
    with pytest.raises(ValueError), atomic_path(tmp_path / "new.csv"):
        raise ValueError("nothing written")
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------------------------------
# environment variables


def test_environment_variable_names_are_defined_once(tmp_path, monkeypatch):
    assert fileio.DATA_DIR_ENV == "GREENIMPACT_DATA_DIR"
    assert fileio.OUTPUT_DIR_ENV == "GREENIMPACT_OUTPUT_DIR"
    assert cache.DATA_DIR_ENV is fileio.DATA_DIR_ENV
    monkeypatch.setenv(fileio.OUTPUT_DIR_ENV, str(tmp_path / "out"))
    assert results.output_dir() == tmp_path / "out"
    monkeypatch.setenv(fileio.DATA_DIR_ENV, str(tmp_path / "nowhere"))
    with pytest.raises(data.DataError, match="set GREENIMPACT_DATA_DIR"):
        data.data_dir()


# ------------------------------------------------------------------------------------------
# which data files are inputs


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("power.csv", True),
        ("catalogue.yaml", True),
        ("scenarios/steel.yaml", True),
        ("sub/dir/more.csv", True),
        ("README.md", False),
        ("notes.txt", False),
        ("power.csv~", False),
        ("old.yml", False),
        (".hidden.csv", False),
        (".git/config.yaml", False),
        ("scenarios/.steel.yaml.tmp-12", False),
        ("__pycache__/x.yaml", False),
        ("", False),
    ],
)
def test_is_input_file(path, expected):
    assert is_input_file(path) is expected


def test_data_and_cache_hash_the_same_files(tmp_path, monkeypatch):
    root = tmp_path / "project"
    folder = root / "data"
    for rel, text in {
        "catalogue.yaml": "sources: {}\n",
        "a.csv": "x\n1\n",
        "a/b.csv": "x\n2\n",  # sorts differently as a Path and as a string
        "scenarios/steel.yaml": "model: steel\n",
        "README.md": "# documentation, no input\n",
        "notes.txt": "no input\n",
        ".hidden.csv": "x\n",
        ".git/x.yaml": "x: 1\n",
        "__pycache__/x.yaml": "x: 1\n",
    }.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
    monkeypatch.delenv(fileio.DATA_DIR_ENV, raising=False)
    from_data = data.file_hashes(folder)
    from_cache = cache.shared_inputs(root).data_files
    assert from_data == from_cache
    assert list(from_data) == ["a.csv", "a/b.csv", "catalogue.yaml", "scenarios/steel.yaml"]
    before = cache.shared_inputs(root).data_files
    (folder / "README.md").write_text("# edited\n", encoding="utf-8")
    assert cache.shared_inputs(root).data_files == before  # documentation is not an input


def test_data_and_cache_agree_on_the_real_data_folder(monkeypatch):
    monkeypatch.delenv(fileio.DATA_DIR_ENV, raising=False)
    folder = REPO / "data"
    from_data = data.file_hashes(folder)
    assert from_data == cache.shared_inputs(REPO, data_dir=folder).data_files
    assert "catalogue.yaml" in from_data and "README.md" not in from_data
    assert any(name.startswith("scenarios/") for name in from_data)
    assert all(is_input_file(name) for name in from_data)
