"""The loader: positions, hostile input, YAML 1.1 ambiguities, `extends` overlays."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from drspec.codes import RULES
from drspec.load import reader as loader
from drspec.load.reader import load_file, load_text


def codes(diags: list) -> list[tuple[str, int]]:
    return [(d.code, d.line) for d in diags]


def test_positions_of_values_and_keys() -> None:
    doc, diags = load_text("a: 1\nb:\n  c: [x, y]\n  d: {e: f}\n", "f.yaml")
    assert diags == []
    assert doc is not None
    assert doc.locate(("b", "c", 1)) == loader.Location("f.yaml", 3, 10)
    assert doc.locate(("b", "d", "e")) == loader.Location("f.yaml", 4, 10)
    assert doc.locate(("b", "d"), key=True) == loader.Location("f.yaml", 4, 3)
    # A path below what the file spells out falls back to the nearest node.
    assert doc.locate(("b", "d", "missing", 3)) == loader.Location("f.yaml", 4, 6)


def test_plain_values_are_built() -> None:
    doc, _ = load_text("s: hi\ni: 5\nf: 1.5\nt: true\nn: null\nq: '5'\nd: 2026-01-01\n", "f")
    assert doc is not None
    assert doc.data == {"s": "hi", "i": 5, "f": 1.5, "t": True, "n": None, "q": "5",
                        "d": "2026-01-01"}


def test_duplicate_keys_are_reported_at_the_second() -> None:
    _, diags = load_text("a: 1\nb: 2\na: 3\n", "f")
    assert codes(diags) == [("E002", 3)]
    assert "first defined at line 1" in diags[0].message


@pytest.mark.parametrize("text", [
    "a: !!python/object/apply:os.system ['echo pwned']\n",
    "a: !!python/name:os.system\n",
    "a: !custom {x: 1}\n",
    "a: !!set {x, y}\n",
    "a: !!binary aGVsbG8=\n",
])
def test_non_standard_tags_are_refused_and_never_constructed(text: str) -> None:
    doc, diags = load_text(text, "f")
    assert "E003" in [d.code for d in diags]
    if doc is not None:
        assert not callable(doc.data.get("a"))


def test_explicit_standard_tags_are_fine() -> None:
    doc, diags = load_text("a: !!str 5\nb: !!int '7'\n", "f")
    assert diags == []
    assert doc is not None and doc.data == {"a": "5", "b": 7}


def test_more_than_one_document() -> None:
    _, diags = load_text("a: 1\n---\nb: 2\n", "f")
    assert codes(diags) == [("E004", 2)]


@pytest.mark.parametrize(("text", "what"), [
    ("", "empty"), ("# only a comment\n", "empty"), ("- a\n", "list"), ("just text\n", "str"),
])
def test_top_level_must_be_a_mapping(text: str, what: str) -> None:
    doc, diags = load_text(text, "f")
    assert doc is None
    assert [d.code for d in diags] == ["E005"]
    assert what in diags[0].message


@pytest.mark.parametrize("key", ["1", "yes", "null", "1.5", "~"])
def test_non_string_keys(key: str) -> None:
    _, diags = load_text(f"tables:\n  {key}: x\n", "f")
    assert codes(diags)[0] == ("E006", 2)
    assert "quote the key" in (diags[0].hint or "")


def test_billion_laughs_is_bounded() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    prev = "a"
    for name in "bcdefghij":
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
        prev = name
    doc, diags = load_text("\n".join(lines) + "\n", "f")
    assert doc is None
    assert [d.code for d in diags] == ["E007"]


def test_small_aliases_are_fine() -> None:
    doc, diags = load_text("base: &b {memory: 128}\nf:\n  <<: *b\n  timeout: 3\ng: *b\n", "f")
    assert diags == []
    assert doc is not None
    assert doc.data["f"] == {"timeout": 3, "memory": 128}
    assert doc.data["g"] == {"memory": 128}


def test_nesting_depth_is_bounded() -> None:
    doc, diags = load_text("a: " + "[" * 10_000 + "]" * 10_000 + "\n", "f")
    assert doc is None
    assert [d.code for d in diags] == ["E008"]


def test_block_nesting_depth_is_bounded() -> None:
    text = "".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "v\n"
    doc, diags = load_text(text, "f")
    assert doc is None
    assert [d.code for d in diags] == ["E008"]


def test_not_utf8_is_located() -> None:
    doc, diags = load_text(b"a: 1\nb: caf\xe9\n", "f")
    assert doc is None
    assert codes(diags) == [("E009", 2)]
    assert diags[0].col == 7


def test_utf8_bom_is_accepted() -> None:
    doc, diags = load_text("\ufeffa: 1\n".encode(), "f")
    assert diags == [] and doc is not None and doc.data == {"a": 1}


def test_syntax_errors_are_located() -> None:
    doc, diags = load_text("a: 1\nb: [1, 2\nc: 3\n", "f")
    assert doc is None
    assert diags[0].code == "E001"
    assert diags[0].line >= 2


def test_control_characters_are_an_error_not_a_crash() -> None:
    doc, diags = load_text("a: \x07\n", "f")
    assert doc is None and diags[0].code == "E001"


@pytest.mark.parametrize(("text", "value"), [
    ("environment: no\n", False), ("enabled: on\n", True), ("mode: 0755\n", 493),
    ("t: 1:30\n", 90),
])
def test_yaml11_scalars_are_kept_but_reported(text: str, value: object) -> None:
    doc, diags = load_text(text, "f")
    assert doc is not None
    (key,) = doc.data
    assert doc.data[key] == value
    assert doc.source.yaml11[(key,)] == text.split(": ")[1].strip()
    assert [d.code for d in diags] == ["W001"]
    assert "quote it" in (diags[0].hint or "")


def test_yaml12_booleans_are_not_reported() -> None:
    _, diags = load_text("a: true\nb: false\nc: True\n", "f")
    assert diags == []


def test_missing_file(tmp_path: Path) -> None:
    doc, diags = load_file(tmp_path / "nope.yaml")
    assert doc is None
    assert [d.code for d in diags] == ["E010"]


def test_directory_is_not_a_spec(tmp_path: Path) -> None:
    doc, diags = load_file(tmp_path)
    assert doc is None and [d.code for d in diags] == ["E010"]


def test_too_large_file(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# x\n" * (loader.MAX_FILE_BYTES // 4 + 1))
    doc, diags = load_file(big)
    assert doc is None and [d.code for d in diags] == ["E010"]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_extends_merges_deeply_and_keeps_each_files_positions(tmp_path: Path) -> None:
    write(tmp_path / "base" / "common.yaml",
          "name: shop\ntags:\n  team: a\n  owner: b\nlist: [1, 2]\ngone: 1\n")
    top = write(tmp_path / "prod.yaml",
                "extends: base/common.yaml\ntags:\n  owner: c\nlist: [3]\ngone: null\n")
    doc, diags = load_file(top)
    assert diags == []
    assert doc is not None
    assert doc.data == {"name": "shop", "tags": {"team": "a", "owner": "c"}, "list": [3],
                        "extends": "base/common.yaml"}
    base_loc = doc.locate(("tags", "team"))
    assert base_loc.file.endswith("common.yaml") and base_loc.line == 3
    top_loc = doc.locate(("tags", "owner"))
    assert top_loc.file == str(top) and top_loc.line == 3
    assert doc.locate(("list", 0)).file == str(top)


def test_extends_cycle(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", "extends: b.yaml\nx: 1\n")
    write(tmp_path / "b.yaml", "extends: a.yaml\ny: 1\n")
    doc, diags = load_file(tmp_path / "a.yaml")
    assert doc is None
    assert [d.code for d in diags] == ["E011"]
    assert "cycle" in diags[0].message


def test_extends_missing_base_points_at_extends(tmp_path: Path) -> None:
    top = write(tmp_path / "a.yaml", "x: 1\nextends: nope.yaml\n")
    doc, diags = load_file(top)
    assert doc is None
    assert [(d.code, d.file, d.line) for d in diags] == [("E011", str(top), 2)]


def test_errors_in_the_base_are_reported_in_the_base(tmp_path: Path) -> None:
    base = write(tmp_path / "base.yaml", "a: 1\na: 2\n")
    write(tmp_path / "top.yaml", "extends: base.yaml\n")
    doc, diags = load_file(tmp_path / "top.yaml")
    assert doc is not None
    assert [(d.code, Path(d.file).resolve(), d.line) for d in diags] == [
        ("E002", base.resolve(), 2)]


def test_device_files_are_refused_without_reading_them() -> None:
    doc, diags = load_file("/dev/zero")
    assert doc is None and [d.code for d in diags] == ["E010"]


def test_control_character_is_located_after_multibyte_text() -> None:
    doc, diags = load_text("a: 1\nb: café \x07\n", "f")
    assert doc is None
    assert [(d.code, d.line, d.col) for d in diags] == [("E001", 2, 9)]


def test_a_key_the_overlay_removes_is_located_at_its_null(tmp_path: Path) -> None:
    write(tmp_path / "base.yaml", "name: shop\nnetwork:\n  cidr: x\n  zones: [a]\n")
    top = write(tmp_path / "top.yaml",
                "extends: base.yaml\n# drop it\nname: null\nnetwork:\n  zones: ~\n")
    doc, diags = load_file(top)
    assert diags == [] and doc is not None
    assert doc.data == {"extends": "base.yaml", "network": {"cidr": "x"}}
    assert doc.locate(("name",), key=True) == loader.Location(str(top), 3, 1)
    assert doc.locate(("network", "zones"), key=True) == loader.Location(str(top), 5, 3)
    assert doc.locate(("network", "zones", 0)) == loader.Location(str(top), 5, 3)


def test_a_key_removed_in_the_middle_and_given_again_on_top_is_not_removed(
        tmp_path: Path) -> None:
    write(tmp_path / "base.yaml", "name: shop\n")
    write(tmp_path / "mid.yaml", "extends: base.yaml\nname: null\n")
    top = write(tmp_path / "top.yaml", "extends: mid.yaml\nname: shop2\n")
    doc, _ = load_file(top)
    assert doc is not None and doc.data["name"] == "shop2"
    assert doc.source.removed == {}
    assert doc.locate(("name",)) == loader.Location(str(top), 2, 7)


@pytest.mark.skipif(os.sep == "\\", reason="Windows reads backslashes as separators")
def test_a_missing_base_written_with_backslashes_gets_a_hint(tmp_path: Path) -> None:
    write(tmp_path / "base" / "common.yaml", "name: shop\n")
    top = write(tmp_path / "top.yaml", "extends: base\\common.yaml\n")
    doc, diags = load_file(top)
    assert doc is None
    assert [(d.code, d.line, d.col) for d in diags] == [("E011", 1, 10)]
    assert diags[0].hint == "write the path with forward slashes, 'base/common.yaml'; " \
                            "they work on every system"


@pytest.mark.parametrize(("text", "line", "col", "message", "hint"), [
    # A key without its ':' is reported where the key starts, not on the next line.
    ("a:\n  b: 1\n  c 2\n  d: 3\n", 3, 3,
     "YAML syntax error: no ':' after the key that starts here",
     "write 'key: value', with a space after the ':'"),
    ("a:\n\tb: 1\n", 2, 1, "YAML syntax error: a tab character; YAML indents with spaces only",
     "replace the tab with spaces"),
    ("a:\n  b: 1\n\t\n", 3, 1, "YAML syntax error: a tab character; YAML indents with spaces only",
     "replace the tab with spaces"),
    ("a: @x\n", 1, 4, "YAML syntax error: '@' cannot start an unquoted value",
     "quote the value"),
    ("a: 'x\nb: 1\n", 1, 4, "YAML syntax error: the quoted value that starts here is never closed",
     "add the closing quote"),
    ("a: [x, y\nb: 1\n", 1, 4, "YAML syntax error: the list that starts here with '[' is never "
     "closed", "add the closing ']'"),
    ("a: {x: 1\nb: 1\n", 1, 4, "YAML syntax error: the mapping that starts here with '{' is never "
     "closed", "add the closing '}'"),
    ("a:\n  b: 1\n c: 2\n", 3, 2, "YAML syntax error: this line is not indented like the "
     "keys of the mapping that starts at line 1", "give the keys of one mapping the same "
     "indentation; check the line before too, and quotes opened earlier"),
    ("a:\n  b: 1\n   c: 2\n", 3, 5, "YAML syntax error: mapping values are not allowed in this "
     "context", "is this line indented deeper than the one before? A value that contains ': ' "
     "must be quoted"),
])
def test_syntax_errors_point_at_the_mistake_and_say_what_to_do(
        text: str, line: int, col: int, message: str, hint: str) -> None:
    doc, diags = load_text(text, "f")
    assert doc is None
    assert [(d.code, d.line, d.col, d.message, d.hint) for d in diags] == [
        ("E001", line, col, message, hint)]


def test_a_base_is_named_in_the_style_the_overlay_was_named(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "base.yaml", "a: 1\na: 2\n")
    write(tmp_path / "env" / "top.yaml", "extends: ../base.yaml\n")
    monkeypatch.chdir(tmp_path / "env")
    _, diags = load_file(tmp_path / "env" / "top.yaml")  # absolute: the base too
    assert [d.file for d in diags] == [str(tmp_path / "base.yaml")]
    _, diags = load_file("top.yaml")  # relative: relative to the working directory
    assert [d.file for d in diags] == [os.path.join("..", "base.yaml")]


def test_an_absurdly_long_integer_is_one_short_diagnostic() -> None:
    _, diags = load_text("a: 1" + "0" * 5000 + "\n", "f")
    assert [(d.code, d.line, d.col) for d in diags] == [("E012", 1, 4)]
    assert diags[0].message == "the integer 100000000000... (5001 digits) is too large"
    assert RULES["E012"].title == "number too large"


@pytest.mark.parametrize(("text", "what"), [
    ("hello\n", "a string"), ("5\n", "a number"), ("true\n", "true or false"),
    ("- a\n", "a list"), ("# nothing\n", "empty"), ("~\n", "empty"),
])
def test_a_top_level_that_is_not_a_mapping_is_named_in_words(text: str, what: str) -> None:
    _, diags = load_text(text, "f")
    assert [d.message for d in diags] == [
        f"the top level of a spec must be a mapping, but the file is {what}"]


def test_an_empty_value_is_located_at_its_key_not_past_the_end_of_the_line() -> None:
    doc, _ = load_text("a:\nb: ~\nc:\n  - \n  - x\n", "f")
    assert doc is not None and doc.data == {"a": None, "b": None, "c": [None, "x"]}
    assert doc.locate(("a",)) == loader.Location("f", 1, 1)
    assert doc.locate(("b",)) == loader.Location("f", 2, 4)  # a written null stays put


def test_an_invalid_byte_is_located_in_characters_after_multibyte_text() -> None:
    # 'é' is two bytes in UTF-8 but one column; the Latin-1 'ä' after it is invalid.
    _, diags = load_text("a: 1\nb: café ".encode() + b"\xe4\n", "f")
    assert [(d.code, d.line, d.col) for d in diags] == [("E009", 2, 9)]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_a_utf16_or_utf32_file_is_named_as_such(encoding: str) -> None:
    _, diags = load_text("version: 1\n".encode(encoding), "f")
    assert [(d.code, d.line, d.col) for d in diags] == [("E009", 1, 1)]
    assert diags[0].message == f"the file is {encoding.upper()} encoded, not UTF-8"
    assert diags[0].hint == "save the file as UTF-8"


@pytest.mark.parametrize("text", ["=", "<<"])
def test_plain_scalars_yaml_gives_other_tags_are_strings(text: str) -> None:
    # YAML 1.1 resolves a lone `=` to !!value and `<<` to !!merge; as values they are text.
    doc, diags = load_text(f"a: {text}\nb: [{text}]\n", "f")
    assert diags == [] and doc is not None
    assert doc.data == {"a": text, "b": [text]}


def test_a_value_that_does_not_fit_its_explicit_tag() -> None:
    _, diags = load_text("a: !!int x\n", "f")
    assert [(d.code, d.line, d.col, d.message) for d in diags] == [
        ("E003", 1, 4, "value 'x' does not fit its tag !!int")]


def test_an_anchored_key_can_be_aliased_as_a_value() -> None:
    doc, diags = load_text("&k a: 1\nb: *k\n", "f")
    assert diags == [] and doc is not None and doc.data == {"a": 1, "b": "a"}


@pytest.mark.parametrize(("text", "number"), [
    ("0o17", "15"),  # YAML 1.2 octal
    ("1e3", "1000"), ("-1.5E3", "-1500"), ("+1e3", "1000"),  # no dot: not a YAML 1.1 float
    ("1.0e3", "1000"), ("1e-3", "0.001"),  # no sign in the exponent: not one either
    ("1e20", "1.0e+20"),  # written the way YAML 1.1 reads a float too
])
def test_yaml12_numbers_read_as_strings_are_reported(text: str, number: str) -> None:
    doc, diags = load_text(f"a: {text}\n", "f")
    assert doc is not None and doc.data == {"a": text}
    [found] = diags
    assert (found.code, found.line, found.col, found.path) == ("W001", 1, 4, ("a",))
    assert f"see the number {number}" in found.message
    assert found.hint == f"quote it ('{text}') if you mean a string; write {number} for the number"


@pytest.mark.parametrize("text", [
    '"1e3"', "'0o17'", "|\n  1e3", "1.5e+3", "0x1f", "0o8", "1_000e3", "e3", "1e", "0.5",
])
def test_yaml11_numbers_and_quoted_text_are_not_reported(text: str) -> None:
    _, diags = load_text(f"a: {text}\n", "f")
    assert diags == []


def test_a_yaml12_number_too_large_to_spell_out_is_still_reported() -> None:
    _, diags = load_text("a: 1e400\nb: 0o" + "7" * 60 + "\n", "f")
    assert [(d.code, "see a number" in d.message) for d in diags] == [("W001", True)] * 2


@pytest.mark.parametrize(("text", "line", "col"), [
    ("# a comment\n\nversion: 1\nname: shop\n", 3, 1),
    ("---\n# comment\n  version: 1\n", 3, 3),
    ("{version: 1}\n", 1, 2),
])
def test_the_top_level_is_located_at_its_first_key(text: str, line: int, col: int) -> None:
    doc, _ = load_text(text, "f")
    assert doc is not None
    assert (doc.locate(()).line, doc.locate(()).col) == (line, col)
    assert (doc.locate(("missing",)).line, doc.locate(("missing",)).col) == (line, col)


def test_an_empty_mapping_is_located_at_the_start() -> None:
    doc, _ = load_text("# nothing yet\n{}\n", "f")
    assert doc is not None and (doc.locate(()).line, doc.locate(()).col) == (1, 1)
