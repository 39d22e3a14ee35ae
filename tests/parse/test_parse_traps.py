"""Each pitfall that broke an existing doc-testing tool on these guides, on a small snippet."""

from __future__ import annotations

from textwrap import dedent

from parse_checks import page_lines_hold_steps

from polydoctest.parse import Page, parse_page


def parse(markdown: str) -> Page:
    text = dedent(markdown).lstrip("\n")
    page = parse_page(text)
    page_lines_hold_steps(page, text.split("\n"))
    return page


def test_fence_directly_under_pt_tag_is_kept():
    page = parse(
        """
        <frameworkcontent>
        <pt>
        ```py
        >>> collator = Collator()
        ```
        </pt>
        <tf>
        ```py
        >>> collator = Collator(return_tensors="tf")
        ```
        </tf>
        </frameworkcontent>

        ```py
        >>> after = 1
        ```
        """
    )
    assert [(f.line_start, f.line_end, f.framework) for f in page.fences] == [(3, 5, "pt"), (8, 10, "tf"), (14, 16, None)]
    assert [(s.line_start, s.framework, s.source) for s in page.steps] == [
        (4, "pt", "collator = Collator()\n"),
        (9, "tf", 'collator = Collator(return_tensors="tf")\n'),
        (15, None, "after = 1\n"),
    ]


def test_component_tag_right_after_prose_still_opens_the_tab():
    page = parse(
        """
        Some prose that runs on
        <pt>
        ```py
        x = 1
        ```
        </pt>
        """
    )
    assert page.steps[0].framework == "pt"


def test_tip_inside_a_tab_and_tags_with_jsx_attributes():
    page = parse(
        """
        <frameworkcontent>
        <pt>
        <Tip warning={true}>

        Read the [`Trainer`] tutorial first.

        </Tip>
        ```py
        >>> model = Model()
        ```
        </pt>
        </frameworkcontent>
        """
    )
    assert [(s.kind, s.framework, s.line_start) for s in page.steps] == [("doctest", "pt", 9)]


def test_closing_fence_after_expected_output_is_not_output():
    page = parse(
        """
        ```py
        >>> model.config.id2label[0]
        'POSITIVE'
        ```
        """
    )
    (step,) = page.steps
    assert step.expected == "'POSITIVE'\n"
    assert (step.line_start, step.line_end) == (2, 3)


def test_blank_line_inside_a_continuation_continues_the_example():
    page = parse(
        """
        ```py
        >>> def align(examples):
        ...     inputs = tokenize(examples)

        ...     labels = []
        ...     return inputs
        >>> aligned = align(data)
        ```
        """
    )
    first, second = page.steps
    assert first.source == "def align(examples):\n    inputs = tokenize(examples)\n\n    labels = []\n    return inputs\n"
    assert (first.line_start, first.line_end, first.expected) == (2, 6, "")
    assert (second.line_start, second.source) == (7, "aligned = align(data)\n")


def test_blank_line_then_prompt_ends_the_example_and_output():
    page = parse(
        """
        ```py
        >>> print(1)
        1

        >>> x = 2
        ```
        """
    )
    assert [(s.source, s.expected) for s in page.steps] == [("print(1)\n", "1\n"), ("x = 2\n", "")]


def test_fences_inside_html_comments_are_recorded_but_not_steps():
    page = parse(
        """
        <!--
        ```py
        >>> secret = 1
        ```
        -->
        <!-- one-line comment -->
        ```py
        >>> shown = 2
        ```
        """
    )
    assert [(f.line_start, f.line_end, f.commented) for f in page.fences] == [(2, 4, True), (7, 9, False)]
    assert [s.source for s in page.steps] == ["shown = 2\n"]
    assert page.steps[0].fence == 1


def test_comment_does_not_change_tabs_or_sections():
    page = parse(
        """
        # Title
        <!--
        ## Hidden heading
        <tf>
        -->
        ```py
        x = 1
        ```
        """
    )
    assert [s.title for s in page.sections] == ["Title"]
    assert page.steps[0].framework is None


def test_fences_in_tip_and_admonition_blockquote_are_steps():
    page = parse(
        """
        <Tip>

        ```py
        >>> in_tip = 1
        ```

        </Tip>

        > [!TIP]
        > Install first:
        > ```py
        > >>> in_quote = 2
        > 2
        > ```
        """
    )
    assert [(s.line_start, s.source, s.expected) for s in page.steps] == [
        (4, "in_tip = 1\n", ""),
        (12, "in_quote = 2\n", "2\n"),
    ]


def test_youtube_component_directly_above_a_fence():
    page = parse(
        """
        <Youtube id="leNG9fN9FQU"/>
        ```py
        >>> x = 1
        ```
        """
    )
    assert [(f.line_start, f.kind) for f in page.fences] == [(2, "doctest")]
    assert len(page.steps) == 1


def test_pip_install_in_a_py_fence_is_a_shell_step():
    page = parse(
        """
        ```py
        pip install transformers datasets
        ```
        """
    )
    assert page.fences[0].kind == "code"
    assert [(s.kind, s.source, s.line_start) for s in page.steps] == [("shell", "pip install transformers datasets\n", 2)]


def test_notebook_escapes_split_the_code_around_them_in_page_order():
    page = parse(
        """
        ```python
        !pip install evaluate
        %pip install seqeval
        import evaluate

        metric = evaluate.load("seqeval")
        !ls outputs
        print(metric)
        ```
        """
    )
    assert [(s.kind, s.line_start, s.line_end, s.source) for s in page.steps] == [
        ("shell", 2, 3, "pip install evaluate\npip install seqeval\n"),
        ("code", 4, 6, 'import evaluate\n\nmetric = evaluate.load("seqeval")\n'),
        ("shell", 7, 7, "ls outputs\n"),
        ("code", 8, 8, "print(metric)\n"),
    ]


def test_prompted_notebook_install_is_a_shell_step():
    page = parse(
        """
        ```py
        >>> !pip install datasets
        >>> import datasets
        ```
        """
    )
    assert [(s.kind, s.source) for s in page.steps] == [("shell", "pip install datasets\n"), ("doctest", "import datasets\n")]


def test_bash_fence_is_one_shell_step_with_escapes_stripped():
    page = parse(
        """
        ```bash
        !pip install transformers
        pip install torch
        ```
        ```console
        $ python -m pip install accelerate
        ```
        """
    )
    assert [(f.kind, f.language) for f in page.fences] == [("shell", "bash"), ("shell", "console")]
    assert [s.source for s in page.steps] == ["pip install transformers\npip install torch\n", "python -m pip install accelerate\n"]


def test_prompt_less_fence_that_defines_names_is_one_code_step():
    page = parse(
        """
        ```py
        tokenized_imdb = imdb.map(preprocess_function, batched=True)
        labels = tokenized_imdb["train"].features
        ```
        """
    )
    (step,) = page.steps
    assert (step.kind, step.line_start, step.line_end, step.expected) == ("code", 2, 3, "")
    assert step.source == 'tokenized_imdb = imdb.map(preprocess_function, batched=True)\nlabels = tokenized_imdb["train"].features\n'


def test_tensorflow_redefinitions_are_marked_tf():
    page = parse(
        """
        <frameworkcontent>
        <pt>
        ```py
        >>> data_collator = DataCollatorWithPadding(tokenizer=tokenizer)
        ```
        </pt>
        <tf>
        ```py
        >>> data_collator = DataCollatorWithPadding(tokenizer=tokenizer, return_tensors="tf")
        ```
        </tf>
        </frameworkcontent>
        ```py
        >>> trainer = Trainer(data_collator=data_collator)
        ```
        """
    )
    assert [s.framework for s in page.steps] == ["pt", "tf", None]


def test_hfoptions_map_framework_ids_and_keep_other_ids():
    page = parse(
        """
        <hfoptions id="usage">
        <hfoption id="PyTorch">
        ```py
        >>> import torch
        ```
        </hfoption>
        <hfoption id="TensorFlow">
        ```py
        >>> import tensorflow
        ```
        </hfoption>
        <hfoption id="pipeline">
        ```py
        >>> from transformers import pipeline
        ```
        </hfoption>
        </hfoptions>
        ```py
        >>> done = True
        ```
        """
    )
    assert [(s.framework, s.tab) for s in page.steps] == [("pt", "PyTorch"), ("tf", "TensorFlow"), (None, "pipeline"), (None, None)]


def test_rendered_tab_lines_run_to_the_next_tab_line_or_heading():
    page = parse(
        """
        ## Train

        Pytorch隐藏 Pytorch 内容

        ```py
        >>> trainer.train()
        ```

        TensorFlow隐藏 TensorFlow 内容

        ```py
        >>> model.fit(tf_train_set)
        ```

        ## Inference

        ```py
        >>> classifier(text)
        ```
        """
    )
    assert [(s.framework, s.tab) for s in page.steps] == [("pt", "Pytorch"), ("tf", "TensorFlow"), (None, None)]


def test_damaged_or_english_tab_lines_are_still_tab_lines():
    for tab_line in (
        "Pytorch隐 Pytorch 内容",  # a dropped character
        "Pytorch\ufffd\ufffd Pytorch 内\ufffd",  # replacement characters left by repair
        "Pytorchéšè— Pytorch å†…å®¹",  # not repaired at all
        "Pytorch隐藏Pytorch内容",  # no spaces
        "Pytorch Pytorch",  # the translated words lost entirely
        "PytorchHide Pytorch content",  # the English site
    ):
        page = parse(f"{tab_line}\n\n```py\n>>> x = 1\n```\n")
        assert page.steps[0].framework == "pt", tab_line


def test_prose_mentioning_frameworks_is_not_a_tab_line():
    for prose in (
        "PyTorch is used here, and PyTorch only.",
        "TensorFlow 2.x users: see the TensorFlow guide for details on this.",
        "Pytorch",
        "PyTorch 张量 and more TensorFlow",
    ):
        page = parse(f"{prose}\n\n```py\n>>> x = 1\n```\n")
        assert page.steps[0].framework is None, prose


def test_prompt_less_lines_before_the_first_prompt_are_code():
    page = parse(
        """
        ```py
        import torch
        >>> x = torch.ones(1)
        >>> x
        tensor([1.])

        leftover text
        ```
        """
    )
    assert [(s.kind, s.line_start) for s in page.steps] == [("code", 2), ("doctest", 3), ("doctest", 4)]
    assert page.steps[2].expected == "tensor([1.])\n"
    assert page.fences[0].stray_lines == (7,)


def test_doctest_directives_are_recorded_and_left_in_the_source():
    page = parse(
        """
        ```py
        >>> load("x")  # doctest: +IGNORE_RESULT
        >>> scores  # doctest: +ELLIPSIS, +NUMBER
        [0.99...]
        >>> text = "# doctest: +SKIP"
        ```
        """
    )
    assert [s.directives for s in page.steps] == [("+IGNORE_RESULT",), ("+ELLIPSIS", "+NUMBER"), ()]
    assert page.steps[0].source == 'load("x")  # doctest: +IGNORE_RESULT\n'


def test_fence_kinds_by_language_and_prompts():
    page = parse(
        """
        ```
        >>> unlabelled_with_prompts = 1
        ```
        ```
        some output
        ```
        ```json
        {"a": 1}
        ```
        ```python title="example.py"
        x = 1
        ```
        ```pycon
        >>> y = 2
        ```
        """
    )
    assert [(f.language, f.info, f.kind) for f in page.fences] == [
        ("", "", "doctest"),
        ("", "", "other"),
        ("json", "json", "other"),
        ("python", 'python title="example.py"', "code"),
        ("pycon", "pycon", "doctest"),
    ]
    assert [s.fence for s in page.steps] == [0, 3, 4]


def test_fence_in_a_list_item_is_dedented_and_keeps_its_lines():
    page = parse(
        """
        1. Load the model:

           ```py
           >>> model = load()
           ...     # comment
           ```
        2. Then:

           ```py
               indented = True
           ```
        """
    )
    assert [(s.line_start, s.source) for s in page.steps] == [(4, "model = load()\n    # comment\n"), (10, "indented = True\n")]


def test_sections_and_anchors():
    page = parse(
        """
        # 텍스트 분류[[text-classification]]

        ## Plain heading

        ```py
        >>> x = 1
        ```
        """
    )
    assert [(s.title, s.level, s.anchor, s.line) for s in page.sections] == [
        ("텍스트 분류", 1, "text-classification", 1),
        ("Plain heading", 2, None, 3),
    ]
    assert page.steps[0].section == page.sections[1]


def test_windows_newlines_count_as_one_line():
    page = parse_page("# T\r\n\r\n```py\r\n>>> x = 1\r\n```\r\n")
    assert (page.steps[0].line_start, page.fences[0].line_start, page.fences[0].line_end) == (4, 3, 5)


def test_unclosed_fence_runs_to_the_end():
    page = parse("```py\n>>> x = 1\n1\n")
    assert (page.fences[0].line_end, page.steps[0].expected) == (3, "1\n")


def test_a_fence_never_closed_is_a_problem_at_its_line_and_keeps_its_code():
    page = parse_page("# Guide\n\n```py\n>>> a = 1\n>>> a\n1\n", "docs/source/en/guide.md")
    (problem,) = page.problems
    assert (problem.rule, problem.line) == ("parse.unterminated-fence", 3)
    assert "never closed" in problem.message
    assert [(step.line_start, step.source, step.expected) for step in page.steps] == [(4, "a = 1\n", ""), (5, "a\n", "1\n")]


def test_a_fence_closed_by_a_later_fences_closing_line_ends_before_the_later_fence():
    text = "# Guide\n\n```py\n>>> a = 1\n\nProse.\n\n## Next\n\n```py\n>>> b = 2\n```\n\n```py\n>>> c = 3\n```\n"
    page = parse_page(text, "docs/source/en/guide.md")
    (problem,) = page.problems
    assert problem.line == 3 and "before line 10" in problem.message
    assert [(step.line_start, step.source) for step in page.steps] == [(4, "a = 1\n"), (11, "b = 2\n"), (15, "c = 3\n")]
    assert [(fence.line_start, fence.line_end) for fence in page.fences] == [(3, 9), (10, 12), (14, 16)]


def test_fences_closed_where_they_should_be_are_no_problem():
    text = (
        "# Guide\n\n> ```py\n> >>> a = 1\n> ```\n\n- item\n\n  ```py\n  b = 2\n  ```\n\n"
        "````md\n```py\nshown, not run\n```\n````\n"
    )
    assert parse_page(text, "docs/source/en/guide.md").problems == ()
