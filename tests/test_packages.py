"""The packages a page has the reader write: which steps are which module, found by names."""

from __future__ import annotations

from polydoctest.packages import PackageModule, absolute_imports, page_modules

CONFIG = "from transformers import PreTrainedConfig\n\nclass ShapeConfig(PreTrainedConfig):\n    model_type = 'shape'\n"
MODEL = "from .configuration_shape import ShapeConfig\n\nclass ShapeModel:\n    config_class = ShapeConfig\n"
HEAD = "class ShapeHead(ShapeModel):\n    pass\n"
USE = "config = ShapeConfig()\n"
IMPORT = "from shape_pkg.modeling_shape import ShapeModel, ShapeHead\nfrom shape_pkg.configuration_shape import ShapeConfig\n"


def not_installed(package: str) -> bool:
    return False


def test_later_imports_and_relative_imports_name_the_modules_the_steps_are():
    modules = page_modules({0: CONFIG, 1: USE, 2: MODEL, 3: HEAD, 4: IMPORT}, not_installed)
    assert {index: module.path for index, module in modules.items()} == {
        0: "shape_pkg/configuration_shape.py",
        2: "shape_pkg/modeling_shape.py",
        3: "shape_pkg/modeling_shape.py",
    }
    assert modules[2].steps == (2, 3) and modules[0].imported_by == 2


def test_an_installed_package_or_a_name_no_earlier_step_defines_is_not_the_pages():
    assert page_modules({0: CONFIG, 1: MODEL, 2: HEAD, 3: IMPORT}, lambda package: True) == {}
    assert page_modules({0: CONFIG, 1: MODEL, 2: "from shape_pkg.modeling_shape import ShapeTail\n"}, not_installed) == {}
    assert page_modules({0: IMPORT, 1: CONFIG, 2: MODEL, 3: HEAD}, not_installed) == {}  # imported before it is written


def test_a_relative_import_reads_as_absolute_on_its_own_line():
    module = PackageModule("shape_pkg.modeling_shape", (2,), 4)
    source, changes = absolute_imports(MODEL, module)
    assert source.splitlines()[0] == "from shape_pkg.configuration_shape import ShapeConfig"
    assert source.splitlines()[1:] == MODEL.splitlines()[1:]
    assert changes == [(1, "from .configuration_shape import ShapeConfig", "from shape_pkg.configuration_shape import ShapeConfig")]
