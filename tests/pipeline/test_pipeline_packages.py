"""A page that has the reader write a package: its module steps run as the package's files,
the step importing them runs, and the custom code goes to the Hub and comes back with
`trust_remote_code=True`."""

from __future__ import annotations

import pytest

from polydoctest.pipeline import RunReport
from polydoctest.run import Runner

from pipeline_pages import run_pages, write_page

pytestmark = pytest.mark.xdist_group("packages")

PAGE = """# A package of my own

```py
from transformers import PreTrainedConfig


class TinyConfig(PreTrainedConfig):
    model_type = "tiny-linear"

    def __init__(self, width=4, **kwargs):
        self.width = width
        super().__init__(**kwargs)
```

```py
config = TinyConfig(width=3)
config.save_pretrained("tiny-config")
```

```py
import torch
from transformers import PreTrainedModel
from .configuration_tiny import TinyConfig


class TinyModel(PreTrainedModel):
    config_class = TinyConfig

    def __init__(self, config):
        super().__init__(config)
        self.linear = torch.nn.Linear(config.width, 2)
        self.post_init()

    def forward(self, tensor):
        return self.linear(tensor)
```

```
.
└── tiny_model
    ├── __init__.py
    ├── configuration_tiny.py
    └── modeling_tiny.py
```

```py
from tiny_model.configuration_tiny import TinyConfig
from tiny_model.modeling_tiny import TinyModel
```

```py
TinyConfig.register_for_auto_class()
TinyModel.register_for_auto_class("AutoModel")
model = TinyModel(TinyConfig(width=3))
model.push_to_hub("custom-tiny")
```

```py
>>> from transformers import AutoModel
>>> again = AutoModel.from_pretrained("your_username/custom-tiny", trust_remote_code=True)
>>> type(again).__name__
'TinyModel'
>>> again.config.width
3
```
"""


@pytest.fixture(scope="module")
def report(runner: Runner, tmp_path_factory: pytest.TempPathFactory) -> RunReport:
    return run_pages(runner, write_page(tmp_path_factory.mktemp("packages"), "custom_package.md", PAGE))


def test_the_package_steps_run_as_its_modules_and_the_custom_model_comes_back_from_the_hub(report):
    (run,) = report.pages
    assert [result.verdict for result in run.results] == ["passed"] * 9
    assert [result.output_check.status for result in run.results[-2:]] == ["exact", "exact"]


def test_each_module_step_says_which_file_it_is_and_the_import_says_what_was_saved(report):
    config, _, model, imports = report.pages[0].results[:4]
    assert [(f.rule, f.message) for f in config.findings] == [
        (
            "polydoctest.package-module",
            "the module `tiny_model/configuration_tiny.py` (step 0) of the package step 2 imports: the harness saved it there",
        )
    ]
    (relative,) = model.findings
    assert (relative.old, relative.new) == (
        "from .configuration_tiny import TinyConfig",
        "from tiny_model.configuration_tiny import TinyConfig",
    )
    (saved,) = imports.findings
    assert saved.rule == "polydoctest.package-import"
    assert "saved steps 0 and 2 as `tiny_model/configuration_tiny.py`, `tiny_model/modeling_tiny.py`" in saved.message
