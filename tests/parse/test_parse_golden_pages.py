"""Golden page models of the five seed pages, audited by hand against the files.

Each test runs twice (see `conftest.seed_page`): on the page exactly as received (damaged)
and on a rough repair of it. The counts depend only on ASCII structure (fences, prompts,
tags) and on the shape of the Chinese page's tab lines, so both runs must agree: the figures
do not depend on how well the read stage repairs the text.

Audit commands, run in the repo root on each page (`$f`):
    grep -c '^```' $f            # fence lines; fences = half (no fence is unclosed)
    grep -c '^```py' $f          # py fences; the rest are bash
    grep -c '^>>>' $f            # doctest examples: one per `>>>` line
    grep -nE '^!?pip install' $f # install lines: shell steps
    grep -n '<!--' $f            # comments: none holds a fence on any seed page
    grep -nE '^#' $f             # headings
    awk '/^>>>|^\\.\\.\\./{src=NR; next} src && NR==src+1 && !/^```/ && NF {print src} {src=0}' $f
                                 # examples followed by expected output
and the framework markup read by eye (`<pt>`/`<tf>` blocks, the Chinese tab lines).
"""

from __future__ import annotations

from parse_checks import counts, page_lines_hold_steps, step_at


def test_ar_quicktour(seed_page):
    # 82 fence lines -> 41 fences: 38 ```py + 3 ```bash (lines 7, 16, 24), none commented.
    # 75 `>>>` lines -> 75 doctest steps; the 3 bash fences -> 3 shell steps (line 8 is a
    # notebook `!pip`). Framework: one <frameworkcontent> at 13-30 holds a bash fence in <pt>
    # (16) and one in <tf> (24); another at 126-153 holds one py fence in <pt> (131, 3
    # examples) and one in <tf> (144, 3 examples): pt = tf = 2 fences, 4 steps.
    # Expected output after examples at lines 69, 77 (a `for` loop printing 2 lines), 112,
    # 159, 187, 243. 12 headings (# at 1; ## at 32, 164, 280, 303, 396, 440; ### at 118,
    # 170, 220, 248, 264).
    page, lines = seed_page("ar/quicktour.md")
    assert page.language == "ar"
    assert counts(page) == {
        "fences": 41,
        "fence kinds": {"shell": 3, "doctest": 38},
        "commented fences": 0,
        "fences per framework": {None: 37, "pt": 2, "tf": 2},
        "steps": 78,
        "steps per kind": {"shell": 3, "doctest": 75},
        "steps per framework": {None: 70, "pt": 4, "tf": 4},
        "steps with expected output": 6,
        "sections": 12,
        "stray lines": 0,
    }
    page_lines_hold_steps(page, lines)

    notebook_install = page.steps[0]
    assert (notebook_install.kind, notebook_install.line_start) == ("shell", 8)
    assert notebook_install.source == "pip install transformers datasets evaluate accelerate\n"
    assert [(s.framework, s.source) for s in page.steps[1:3]] == [
        ("pt", "pip install torch\n"),
        ("tf", "pip install tensorflow\n"),
    ]

    loop = step_at(page, 77)
    assert loop.source == (
        "for result in results:\n"
        """    print(f"label: {result['label']}, with score: {round(result['score'], 4)}")\n"""
    )
    assert loop.expected == "label: POSITIVE, with score: 0.9998\nlabel: NEGATIVE, with score: 0.5309\n"
    assert loop.line_end == 80

    after_pt = step_at(page, 132)
    assert after_pt.framework == "pt"
    assert after_pt.source == "from transformers import AutoTokenizer, AutoModelForSequenceClassification\n"
    assert step_at(page, 145).framework == "tf"

    assert [s.line_start for s in page.steps if s.directives] == [97, 254]
    assert step_at(page, 97).directives == ("+IGNORE_RESULT",)
    assert "# doctest: +IGNORE_RESULT" in step_at(page, 97).source


def test_ar_sequence_classification(seed_page):
    # 38 fence lines -> 19 fences: 18 ```py + 1 ```bash (30), none commented; no framework
    # markup at all (this translation dropped the TensorFlow half and <frameworkcontent>).
    # 34 `>>>` lines -> 34 doctest steps; line 86 is a prompt-less py fence
    # (`tokenized_imdb = imdb.map(...)`) -> 1 code step; the bash fence -> 1 shell step.
    # Expected output after examples at 55 (a 4-line dict), 207, 236. Two `> [!TIP]` blocks
    # and a <Youtube .../> hold no fence. 6 headings (# at 12; ## at 42, 67, 99, 122, 191).
    page, lines = seed_page("ar/tasks/sequence_classification.md")
    assert page.language == "ar"
    assert counts(page) == {
        "fences": 19,
        "fence kinds": {"shell": 1, "doctest": 17, "code": 1},
        "commented fences": 0,
        "fences per framework": {None: 19},
        "steps": 36,
        "steps per kind": {"shell": 1, "doctest": 34, "code": 1},
        "steps per framework": {None: 36},
        "steps with expected output": 3,
        "sections": 6,
        "stray lines": 0,
    }
    page_lines_hold_steps(page, lines)

    install = page.steps[0]
    assert (install.kind, install.line_start, install.line_end) == ("shell", 31, 31)
    assert install.source == "pip install transformers datasets evaluate accelerate\n"

    defines_names = step_at(page, 87)
    assert (defines_names.kind, defines_names.fence) == ("code", 6)
    assert defines_names.source == "tokenized_imdb = imdb.map(preprocess_function, batched=True)\n"

    example = step_at(page, 55)
    assert example.source == 'imdb["test"][0]\n'
    assert example.expected.startswith('{\n    "label": 0,\n    "text": "I love sci-fi')
    assert example.expected.endswith("}\n") and "```" not in example.expected
    assert example.line_end == 59

    last = page.steps[-1]
    assert (last.line_start, last.line_end, last.expected) == (236, 237, "'POSITIVE'\n")


def test_ar_token_classification(seed_page):
    # 66 fence lines -> 33 fences: 32 ```py + 1 ```bash (33), none commented (the only
    # comment is the licence header, lines 1-10). 71 `>>>` lines -> 71 doctest steps, plus
    # 1 shell step. Framework: <frameworkcontent> at 154-169 (pt 156, tf 163), 249-399
    # (pt: 259, 273, 302; tf: 314, 330, 340, 358, 368, 376, 387, 393), 460-550 (pt: 464,
    # 473, 483; tf: 509, 518, 527) -> pt 7 fences, tf 12 fences; their `>>>` lines: pt 17,
    # tf 28. Expected output after examples at 58, 69, 111, 425, 486, 530.
    # tokenize_and_align_labels (124-143) has blank lines at 126 and 141 inside `...`.
    # 6 headings (# at 12; ## at 45, 93, 171, 212, 409).
    page, lines = seed_page("ar/tasks/token_classification.md")
    assert page.language == "ar"
    assert counts(page) == {
        "fences": 33,
        "fence kinds": {"shell": 1, "doctest": 32},
        "commented fences": 0,
        "fences per framework": {None: 14, "pt": 7, "tf": 12},
        "steps": 72,
        "steps per kind": {"shell": 1, "doctest": 71},
        "steps per framework": {None: 27, "pt": 17, "tf": 28},
        "steps with expected output": 6,
        "sections": 6,
        "stray lines": 0,
    }
    page_lines_hold_steps(page, lines)

    align = step_at(page, 124)
    assert (align.line_end, align.expected) == (143, "")
    source = align.source.split("\n")
    assert len(source) - 1 == 20
    assert source[0] == "def tokenize_and_align_labels(examples):"
    assert source[2] == "" and source[17] == ""
    assert source[3] == "    labels = []"
    assert source[18] == '    tokenized_inputs["labels"] = labels'
    assert source[19] == "    return tokenized_inputs"
    # The next step is the one that uses it, not a continuation of it.
    assert step_at(page, 149).source == "tokenized_wnut = wnut.map(tokenize_and_align_labels, batched=True)\n"

    after_pt = step_at(page, 157)
    assert (after_pt.framework, after_pt.tab) == ("pt", "pt")
    assert after_pt.source == "from transformers import DataCollatorForTokenClassification\n"
    tf_collator = step_at(page, 166)
    assert tf_collator.framework == "tf"
    assert tf_collator.source.endswith('(tokenizer=tokenizer, return_tensors="tf")\n')

    labels = step_at(page, 69)
    assert labels.source == "label_list\n"
    assert labels.expected.split("\n")[:2] == ["[", '    "O",']
    assert labels.line_end == 84


def test_ko_sequence_classification(seed_page):
    # 62 fence lines -> 31 fences: 30 ```py + 1 ```bash (44), none commented (two one-line
    # comments inside the <Tip> at 30-40 hold no fence). 63 `>>>` lines -> 63 doctest
    # steps; 1 prompt-less py fence (100) -> 1 code step; 1 shell step. Framework:
    # <frameworkcontent> at 106-121 (pt 108, tf 115), 156-309 (pt: 166, 180, 215 where <pt>
    # is directly followed by a <Tip>; tf: 227, 240, 250, 268, 278, 286, 297, 303), 339-395
    # (pt: 343, 352, 362; tf: 371, 380, 389) -> pt 7 fences / 16 examples, tf 12 / 29.
    # Expected output after examples at 69, 333, 364, 391. 6 headings, all with [[anchors]].
    page, lines = seed_page("ko/tasks/sequence_classification.md")
    assert page.language == "ko"
    assert counts(page) == {
        "fences": 31,
        "fence kinds": {"shell": 1, "doctest": 29, "code": 1},
        "commented fences": 0,
        "fences per framework": {None: 12, "pt": 7, "tf": 12},
        "steps": 65,
        "steps per kind": {"shell": 1, "doctest": 63, "code": 1},
        "steps per framework": {None: 20, "pt": 16, "tf": 29},
        "steps with expected output": 4,
        "sections": 6,
        "stray lines": 0,
    }
    page_lines_hold_steps(page, lines)
    assert [s.anchor for s in page.sections] == [
        "text-classification",
        "load-imdb-dataset",
        "preprocess",
        "evaluate",
        "train",
        "inference",
    ]
    assert all("[[" not in s.title for s in page.sections)

    after_pt = step_at(page, 109)
    assert after_pt.framework == "pt"
    assert after_pt.source == "from transformers import DataCollatorWithPadding\n"
    assert step_at(page, 118).framework == "tf"
    assert step_at(page, 118).section.anchor == "preprocess"

    model = step_at(page, 169)
    assert model.framework == "pt"
    assert model.source.split("\n")[1] == '    "distilbert-base-uncased", num_labels=2, id2label=id2label, label2id=label2id'

    assert step_at(page, 101).kind == "code"
    assert step_at(page, 304).framework == "tf"
    assert step_at(page, 304).section.anchor == "train"


def test_zh_sequence_classification(seed_page):
    # 62 fence lines -> 31 fences, all ```py, none commented. 63 `>>>` lines -> 63 doctest
    # steps. Two prompt-less py fences: 21 holds `pip install ...` -> 1 shell step (the
    # fence stays kind `code`), 78 holds `tokenized_imdb = ...` -> 1 code step.
    # Framework: rendered tab lines at 84 (Pytorch), 92 (TensorFlow), 132, 189, 301, 330;
    # each runs to the next tab line or heading (## at 100, 279): pt fences 86, 138, 154,
    # 185, 305, 314, 324 (7, 16 examples); tf fences 94, 195, 208, 218, 236, 246, 254, 265,
    # 271, 334, 343, 352 (12, 29 examples). The tab lines' Chinese words are damaged in the
    # file (`Pytorch` + 2-4 mojibake chars, `Pytorch`, mojibake), and lines 301/330 have no
    # spaces. Expected output after examples at 46, 295, 326, 354. 6 headings.
    page, lines = seed_page("zh/tasks/sequence_classification.md")
    assert page.language == "zh"
    assert counts(page) == {
        "fences": 31,
        "fence kinds": {"code": 2, "doctest": 29},
        "commented fences": 0,
        "fences per framework": {None: 12, "pt": 7, "tf": 12},
        "steps": 65,
        "steps per kind": {"shell": 1, "doctest": 63, "code": 1},
        "steps per framework": {None: 20, "pt": 16, "tf": 29},
        "steps with expected output": 4,
        "sections": 6,
        "stray lines": 0,
    }
    page_lines_hold_steps(page, lines)

    install = page.steps[0]
    assert (install.kind, install.line_start, install.fence) == ("shell", 22, 0)
    assert page.fences[0].kind == "code"
    assert install.source == "pip install transformers datasets evaluate accelerate\n"

    assert [(f.line_start, f.tab) for f in page.fences if f.line_start in (86, 94, 305, 334)] == [
        (86, "Pytorch"),
        (94, "TensorFlow"),
        (305, "Pytorch"),
        (334, "TensorFlow"),
    ]
    compile_step = step_at(page, 239)
    assert compile_step.framework == "tf"
    assert compile_step.source == "model.compile(optimizer=optimizer)  # No loss argument!\n"
    # The TensorFlow tab at 189 ends at the heading at 279.
    assert step_at(page, 286).framework is None
