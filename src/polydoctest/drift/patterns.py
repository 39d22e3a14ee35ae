"""Where old forms hide in a step: the detectors that rules are built from.

A pattern is a frozen dataclass with `find(step)`. Patterns match by name, not by type: a step
is a fragment of a page, so `Trainer` is recognised by the name it is called by, and classes
the step derives from a known class (`class MyTrainer(Trainer)`) count as that class.
"""

from __future__ import annotations

import builtins
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import libcst as cst

from .rules import Match
from .step import Step, callee, dotted_name, has_double_star, int_keywords, int_value, keyword, positional, string_value


def _with_subclasses(step: Step, names: frozenset[str]) -> frozenset[str]:
    """`names` plus the classes the step derives from them, directly or not."""
    found = set(names)
    changed = True
    while changed:
        changed = False
        for cls in step.nodes(cst.ClassDef):
            if cls.name.value in found:
                continue
            bases = {(dotted_name(base.value) or "").rpartition(".")[2] for base in cls.bases}
            if bases & found:
                found.add(cls.name.value)
                changed = True
    return frozenset(found)


def _calls_of(step: Step, names: frozenset[str]) -> Iterator[cst.Call]:
    names = _with_subclasses(step, names)
    return (call for call in step.nodes(cst.Call) if callee(call) in names)


@dataclass(frozen=True)
class KeywordArg:
    """`callee(..., keyword=value)`; with `values`, only when the value is one of these strings."""

    callees: frozenset[str]
    keywords: frozenset[str]
    values: frozenset[str] | None = None

    def find(self, step: Step) -> Iterator[Match]:
        for call in _calls_of(step, self.callees):
            for arg in call.args:
                if arg.keyword is None or arg.keyword.value not in self.keywords:
                    continue
                if self.values is None or string_value(arg.value) in self.values:
                    yield Match(arg, {"keyword": arg.keyword.value})


@dataclass(frozen=True)
class KeywordInDict:
    """`callee(..., argument={"key": value})`: a keyword passed on through a dict that the
    callee hands to another call (`pipeline(model_kwargs={"load_in_8bit": True})`), matched
    at the dict's element."""

    callees: frozenset[str]
    argument: str
    keys: frozenset[str]

    def find(self, step: Step) -> Iterator[Match]:
        for call in _calls_of(step, self.callees):
            arg = keyword(call, self.argument)
            if arg is None or not isinstance(arg.value, cst.Dict):
                continue
            for element in arg.value.elements:
                if isinstance(element, cst.DictElement) and string_value(element.key) in self.keys:
                    yield Match(element, {"keyword": string_value(element.key)})


@dataclass(frozen=True)
class KeywordsPassed:
    """`receiver.callee(..., k1=..., k2=...)` passing any of `keywords`: the call once, for
    rewrites that move those arguments together; with `receivers`, only where the receiver's
    last name matches it in full. `{keywords}` in the message names them as passed."""

    callees: frozenset[str]
    keywords: frozenset[str]
    receivers: str | None = None

    def find(self, step: Step) -> Iterator[Match]:
        for call in _calls_of(step, self.callees):
            receiver = (dotted_name(call.func.value) or "").rpartition(".")[2] if isinstance(call.func, cst.Attribute) else ""
            if self.receivers is not None and not re.fullmatch(self.receivers, receiver):
                continue
            passed = [arg.keyword.value for arg in call.args if arg.keyword is not None and arg.keyword.value in self.keywords]
            if passed:
                yield Match(call, {"keywords": ", ".join(f"`{name}=`" for name in passed)})


@dataclass(frozen=True)
class PositionalArg:
    """`callee(a0, a1, ...)`: the positional argument at `index`; with `values_called`, only
    when it is a call of one of those names (`BitsAndBytesConfig(...)`); with `alone`, only
    when it is the call's only argument."""

    callees: frozenset[str]
    index: int
    values_called: frozenset[str] | None = None
    alone: bool = False

    def find(self, step: Step) -> Iterator[Match]:
        for call in _calls_of(step, self.callees):
            arg = positional(call, self.index)
            if arg is None or (self.alone and len(call.args) != 1):
                continue
            value = callee(arg.value) if isinstance(arg.value, cst.Call) else None
            if self.values_called is None or value in self.values_called:
                yield Match(arg, {"value": value or ""})


@dataclass(frozen=True)
class MissingKeyword:
    """`callee(...)` calls that do not pass `keyword` (and pass no `**kwargs` that might)."""

    callees: frozenset[str]
    keyword: str

    def find(self, step: Step) -> Iterator[Match]:
        for call in _calls_of(step, self.callees):
            if keyword(call, self.keyword) is None and not has_double_star(call):
                yield Match(call)


@dataclass(frozen=True)
class KeywordNotSetTo:
    """`callee(...)` calls that do not pass `keyword=value` (`value` as written in code), and
    pass no `**kwargs` that might."""

    callees: frozenset[str]
    keyword: str
    value: str

    def find(self, step: Step) -> Iterator[Match]:
        for call in _calls_of(step, self.callees):
            arg = keyword(call, self.keyword)
            if arg is None and has_double_star(call):
                continue
            if arg is None or step.code(arg.value).strip() != self.value:
                yield Match(call)


@dataclass(frozen=True)
class CountAbove:
    """`callee(..., keyword=N)` with an integer literal N above `limit`. `{counts}` in the
    message names the integer literals the call passes to `keyword` and to `tied`, as written
    (`max_steps=2000, save_steps=1000`)."""

    callees: frozenset[str]
    keyword: str
    limit: int
    tied: tuple[str, ...] = ()

    def find(self, step: Step) -> Iterator[Match]:
        for call in _calls_of(step, self.callees):
            arg = keyword(call, self.keyword)
            value = int_value(arg.value) if arg is not None else None
            if value is not None and value > self.limit:
                counts = int_keywords(call, (self.keyword, *self.tied))
                yield Match(call, {"counts": ", ".join(f"{a.keyword.value}={n}" for a, n in counts)})


@dataclass(frozen=True)
class PipelineTask:
    """`pipeline("task", ...)` for one of `tasks`, or a task starting with one of `prefixes`."""

    tasks: frozenset[str]
    prefixes: tuple[str, ...] = ()

    def find(self, step: Step) -> Iterator[Match]:
        for call in _calls_of(step, frozenset({"pipeline"})):
            arg = keyword(call, "task") or positional(call, 0)
            task = string_value(arg.value) if arg is not None else None
            if task is not None and (task in self.tasks or task.startswith(self.prefixes)):
                yield Match(arg.value, {"task": task})


@dataclass(frozen=True)
class NameUse:
    """Every use of one of `names`, or of a name `matching` matches in full: imports, calls,
    attributes (`transformers.TextDataset`)."""

    names: frozenset[str]
    matching: str | None = None

    def find(self, step: Step) -> Iterator[Match]:
        for name in step.nodes(cst.Name):
            named = name.value in self.names or (self.matching is not None and re.fullmatch(self.matching, name.value))
            if named and not _is_binding_or_keyword(name, step.parent(name)):
                yield Match(name, {"name": name.value})


def _is_binding_or_keyword(name: cst.Name, parent: cst.CSTNode | None) -> bool:
    """`f(name=...)`, `def name`, `class name`, `import x as name`, a parameter `name`."""
    keyword_name = isinstance(parent, cst.Arg) and parent.keyword is name
    return keyword_name or isinstance(parent, (cst.Param, cst.FunctionDef, cst.ClassDef, cst.AsName))


@dataclass(frozen=True)
class ImportedName:
    """`from module import name` (the alias node)."""

    module: str
    names: frozenset[str]

    def find(self, step: Step) -> Iterator[Match]:
        for alias in step.nodes(cst.ImportAlias):
            statement = step.parent(alias)
            if (
                isinstance(statement, cst.ImportFrom)
                and dotted_name(statement.module) == self.module
                and dotted_name(alias.name) in self.names
            ):
                yield Match(alias, {"name": dotted_name(alias.name) or ""})


@dataclass(frozen=True)
class ModuleAttribute:
    """`module.name` used as an attribute (`transformers.AdamW`, `datasets.load_metric`)."""

    module: str
    names: frozenset[str]

    def find(self, step: Step) -> Iterator[Match]:
        for attribute in step.nodes(cst.Attribute):
            if attribute.attr.value in self.names and dotted_name(attribute.value) == self.module:
                yield Match(attribute, {"name": attribute.attr.value})


@dataclass(frozen=True)
class MethodCall:
    """`receiver.method(...)`; with `receivers`, only on those names; with `context_manager`,
    only as the item of a `with` statement."""

    methods: frozenset[str]
    receivers: frozenset[str] | None = None
    context_manager: bool = False

    def find(self, step: Step) -> Iterator[Match]:
        for call in step.nodes(cst.Call):
            func = call.func
            if not isinstance(func, cst.Attribute) or func.attr.value not in self.methods:
                continue
            if self.receivers is not None and dotted_name(func.value) not in self.receivers:
                continue
            if self.context_manager and not isinstance(step.parent(call), cst.WithItem):
                continue
            yield Match(call, {"method": func.attr.value})


@dataclass(frozen=True)
class StringLiteral:
    """A string literal whose value is one of `values` (a file name the library no longer writes)."""

    values: frozenset[str]

    def find(self, step: Step) -> Iterator[Match]:
        for string in step.nodes(cst.SimpleString):
            if (value := string_value(string)) in self.values:
                yield Match(string, {"value": value})


@dataclass(frozen=True)
class DeviceString:
    """A string literal fully matching `pattern` where a device is given: an argument of
    `.to(...)` or `torch.device(...)`, a `device=` or `device_map=` argument, or assigned to
    a name called `device` (`.to("cuda")`, `device_map="cuda:0"`, `device = "cuda"`)."""

    pattern: str

    def find(self, step: Step) -> Iterator[Match]:
        for string in step.nodes(cst.SimpleString):
            value = string_value(string)
            if value is not None and re.fullmatch(self.pattern, value) and _gives_a_device(string, step):
                yield Match(string, {"value": value})


def _gives_a_device(string: cst.SimpleString, step: Step) -> bool:
    parent = step.parent(string)
    if isinstance(parent, cst.Arg):
        call = step.parent(parent)
        named = parent.keyword is not None and parent.keyword.value in ("device", "device_map")
        return named or (parent.keyword is None and isinstance(call, cst.Call) and callee(call) in ("to", "device"))
    if isinstance(parent, cst.Assign) and parent.value is string:
        return any(isinstance(target.target, cst.Name) and target.target.value == "device" for target in parent.targets)
    return False


@dataclass(frozen=True)
class InstanceAttribute:
    """`obj.attribute` where `obj` is known, in this step, to be an instance of `classes`.

    Known means: a name the step binds to a call of one of the classes (`trainer = Trainer(...)`),
    or `self` in a method of a class the step derives from them. A receiver bound in an earlier
    step is not known here: renaming an attribute on an object of unknown type could break
    code that works, so such uses are left alone.
    """

    classes: frozenset[str]
    attribute: str

    def find(self, step: Step) -> Iterator[Match]:
        classes = _with_subclasses(step, self.classes)
        instances = _names_bound_to_calls(step, classes)
        subclasses = classes - self.classes
        for attribute in step.nodes(cst.Attribute):
            if attribute.attr.value != self.attribute or not isinstance(attribute.value, cst.Name):
                continue
            receiver = attribute.value.value
            if receiver in instances or (receiver == "self" and _method_class(step, attribute) in subclasses):
                yield Match(attribute)


def _names_bound_to_calls(step: Step, callees: frozenset[str]) -> set[str]:
    bound: set[str] = set()
    for assign in step.nodes(cst.Assign):
        if isinstance(assign.value, cst.Call) and callee(assign.value) in callees:
            bound.update(t.target.value for t in assign.targets if isinstance(t.target, cst.Name))
    return bound


def _method_class(step: Step, node: cst.CSTNode) -> str | None:
    """The class whose method `node` is (or is in)."""
    function = node if isinstance(node, cst.FunctionDef) else step.enclosing(node, cst.FunctionDef)
    cls = step.enclosing(function, cst.ClassDef) if function is not None else None
    return cls.name.value if cls is not None else None


@dataclass(frozen=True)
class AttributeRead:
    """`obj.attribute` read (not assigned or deleted), on any receiver."""

    attribute: str

    def find(self, step: Step) -> Iterator[Match]:
        for attribute in step.nodes(cst.Attribute):
            if attribute.attr.value != self.attribute:
                continue
            parent = step.parent(attribute)
            if isinstance(parent, (cst.AssignTarget, cst.AugAssign, cst.Del)) or (
                isinstance(parent, cst.AnnAssign) and parent.target is attribute
            ):
                continue
            yield Match(attribute)


@dataclass(frozen=True)
class MethodOverride:
    """`def method(...)` in a class derived from one of `classes`, lacking `parameter`."""

    classes: frozenset[str]
    method: str
    parameter: str

    def find(self, step: Step) -> Iterator[Match]:
        subclasses = _with_subclasses(step, self.classes) - self.classes
        for function in step.nodes(cst.FunctionDef):
            if function.name.value != self.method or _method_class(step, function) not in subclasses:
                continue
            params = function.params
            names = {p.name.value for p in (*params.params, *params.kwonly_params, *params.posonly_params)}
            if self.parameter not in names and not isinstance(params.star_kwarg, cst.Param):
                yield Match(function)


@dataclass(frozen=True)
class HubId:
    """A legacy Hub id in a string literal: the first argument of `first_argument_of` calls,
    a keyword of `keywords_of` calls, or (with `assigned`) a literal bound to a name, as in
    `checkpoint = "distilbert-base-uncased"`."""

    ids: Mapping[str, str]
    first_argument_of: frozenset[str]
    keywords_of: Mapping[str, frozenset[str]]
    assigned: bool = False

    def find(self, step: Step) -> Iterator[Match]:
        for string in self._candidates(step):
            old = string_value(string)
            if old in self.ids:
                yield Match(string, {"old_id": old, "new_id": self.ids[old]})

    def _candidates(self, step: Step) -> Iterator[cst.BaseExpression]:
        for call in step.nodes(cst.Call):
            name = callee(call)
            if name in self.first_argument_of and (first := positional(call, 0)) is not None:
                yield first.value
            for kw in self.keywords_of.get(name or "", ()):
                if (arg := keyword(call, kw)) is not None:
                    yield arg.value
        if self.assigned:
            for assign in step.nodes(cst.Assign):
                if all(isinstance(t.target, cst.Name) for t in assign.targets):
                    yield assign.value


@dataclass(frozen=True)
class LoadCall:
    """`loader("name", ...)` for a name in `names`, when the call lacks `missing`."""

    loaders: frozenset[str]
    names: frozenset[str]
    missing: str

    def find(self, step: Step) -> Iterator[Match]:
        for call in _calls_of(step, self.loaders):
            arg = keyword(call, "path") or positional(call, 0)
            name = string_value(arg.value) if arg is not None else None
            if name in self.names and keyword(call, self.missing) is None:
                yield Match(call, {"dataset": name or ""})


# Calls that take token ids, not a BatchEncoding (generate: its first positional argument).
_IDS_CONSUMERS = frozenset({"decode", "batch_decode", "convert_ids_to_tokens", "len", "generate"})


@dataclass(frozen=True)
class ChatTemplateIds:
    """`apply_chat_template(...)` results used as token ids: passed to `decode`, `len` or
    `generate`, indexed, or asked for a tensor's `shape`, directly or through a name the step binds them to."""

    def find(self, step: Step) -> Iterator[Match]:
        from polydoctest.pycode import bound_values

        calls = [
            call
            for call in step.nodes(cst.Call)
            if isinstance(call.func, cst.Attribute)
            and call.func.attr.value == "apply_chat_template"
            and not _passes_false(call, "tokenize")
            and keyword(call, "return_dict") is None
        ]
        used_as_ids = set(_expressions_used_as_ids(step))
        # Ids an earlier step bound (`model_inputs = tok.apply_chat_template(...)`): the use is
        # what can still be rewritten.
        rebound = bound_values(step.module.code)
        for expr in used_as_ids:
            if isinstance(expr, cst.Name) and expr.value not in rebound and _chat_template_ids(step.earlier.get(expr.value)):
                yield Match(expr)
        if not calls:
            return
        names_used_as_ids = {expr.value for expr in used_as_ids if isinstance(expr, cst.Name)}
        for call in calls:
            moved = _moved(step, call)
            parent = step.parent(moved)
            bound = (
                isinstance(parent, cst.Assign)
                and len(parent.targets) == 1
                and isinstance(parent.targets[0].target, cst.Name)
                and parent.targets[0].target.value in names_used_as_ids
            )
            if moved in used_as_ids or bound:
                yield Match(call)


def _chat_template_ids(value: str | None) -> bool:
    """Whether code an earlier step bound a name to is a tokenized `apply_chat_template(...)`
    (moved to a device or not) with no `return_dict`."""
    import ast

    try:
        node = ast.parse(value, mode="eval").body if value else None
    except SyntaxError:
        return False
    while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "to":
        node = node.func.value
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "apply_chat_template"):
        return False
    given = {kw.arg: kw.value for kw in node.keywords}
    untokenized = isinstance(given.get("tokenize"), ast.Constant) and given["tokenize"].value is False
    return "return_dict" not in given and not untokenized


def _moved(step: Step, node: cst.BaseExpression) -> cst.BaseExpression:
    """`node.to(device)` (and `.to(...)` of that) where the step moves `node`, else `node`:
    moving ids to a device keeps them ids."""
    while (
        isinstance(attribute := step.parent(node), cst.Attribute)
        and attribute.attr.value == "to"
        and isinstance(call := step.parent(attribute), cst.Call)
        and call.func is attribute
    ):
        node = call
    return node


def _passes_false(call: cst.Call, name: str) -> bool:
    arg = keyword(call, name)
    return arg is not None and isinstance(arg.value, cst.Name) and arg.value.value == "False"


def _is_move(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "to"


_TENSOR_ATTRIBUTES = frozenset({"shape", "ndim", "dtype"})


def _expressions_used_as_ids(step: Step) -> Iterator[cst.BaseExpression]:
    for call in step.nodes(cst.Call):
        if callee(call) in _IDS_CONSUMERS and (first := positional(call, 0)) is not None:
            yield first.value
            if _is_move(first.value):  # `generate(input_ids.to(device))`: the name is ids too
                yield first.value.func.value
    for attribute in step.nodes(cst.Attribute):
        if attribute.attr.value in _TENSOR_ATTRIBUTES:  # `input_ids.shape[1]`: a tensor of ids
            yield attribute.value
    for subscript in step.nodes(cst.Subscript):
        index = subscript.slice[0].slice if len(subscript.slice) == 1 else None
        if isinstance(index, cst.Slice) or (
            isinstance(index, cst.Index) and isinstance(index.value, (cst.Integer, cst.UnaryOperation))
        ):
            yield subscript.value


@dataclass(frozen=True)
class DatasetColumnAsList:
    """`ds[...]["column"]` on a dataset the step loads, used where only a list works:
    concatenated with `+` or passed to `json.dumps`."""

    def find(self, step: Step) -> Iterator[Match]:
        datasets = _names_bound_to_calls(step, frozenset({"load_dataset"}))
        if not datasets:
            return
        for subscript in step.nodes(cst.Subscript):
            if not _is_column_of(subscript, datasets) or isinstance(step.parent(subscript), cst.Subscript):
                continue
            parent = step.parent(subscript)
            grand = step.parent(parent) if parent is not None else None
            concatenated = isinstance(parent, cst.BinaryOperation) and isinstance(parent.operator, cst.Add)
            dumped = isinstance(parent, cst.Arg) and isinstance(grand, cst.Call) and dotted_name(grand.func) == "json.dumps"
            if concatenated or dumped:
                yield Match(subscript)


def _is_column_of(node: cst.BaseExpression, datasets: set[str]) -> bool:
    """A chain of string subscripts (`ds["train"]["text"]`) on one of `datasets`."""
    if not isinstance(node, cst.Subscript) or len(node.slice) != 1:
        return False
    index = node.slice[0].slice
    if not isinstance(index, cst.Index) or string_value(index.value) is None:
        return False
    base = node.value
    return (isinstance(base, cst.Name) and base.value in datasets) or _is_column_of(base, datasets)


@dataclass(frozen=True)
class SubscriptChain:
    """`...[outer][inner]` with these two string keys, e.g. `example["audio"]["path"]`."""

    outer: str
    inner: str

    def find(self, step: Step) -> Iterator[Match]:
        for subscript in step.nodes(cst.Subscript):
            if _string_key(subscript) == self.inner and isinstance(subscript.value, cst.Subscript):
                if _string_key(subscript.value) == self.outer:
                    yield Match(subscript)


@dataclass(frozen=True)
class SequenceFieldFeature:
    """`....features["column"].feature["field"]`: a field of a `Sequence` of a dict reached
    through the sequence's `.feature` (`features["objects"].feature["category"]`). Before
    datasets 4 that `Sequence` was the only feature whose `.feature` is a dict of fields."""

    def find(self, step: Step) -> Iterator[Match]:
        for subscript in step.nodes(cst.Subscript):
            field, sequence = _string_key(subscript), subscript.value
            if field is None or not isinstance(sequence, cst.Attribute) or sequence.attr.value != "feature":
                continue
            column = sequence.value
            if isinstance(column, cst.Subscript) and _string_key(column) is not None and _names_features(column.value):
                yield Match(subscript, {"column": _string_key(column) or "", "field": field})


def _names_features(node: cst.BaseExpression) -> bool:
    """`features` or `....features`: a dataset's features, by the name datasets gives them."""
    last = node.attr if isinstance(node, cst.Attribute) else node
    return isinstance(last, cst.Name) and last.value == "features"


_BUILTINS = frozenset(dir(builtins))


@dataclass(frozen=True)
class ColumnPassedToCall:
    """`f(x["column"])`: a dataset column (or one example's value of it) passed straight to
    a callable that is not a builtin, such as a pipeline."""

    column: str

    def find(self, step: Step) -> Iterator[Match]:
        for call in step.nodes(cst.Call):
            arg = positional(call, 0)
            name = callee(call)
            if arg is None or name is None or name in _BUILTINS:
                continue
            if isinstance(arg.value, cst.Subscript) and _string_key(arg.value) == self.column:
                yield Match(arg.value)


def _string_key(subscript: cst.Subscript) -> str | None:
    if len(subscript.slice) != 1 or not isinstance(subscript.slice[0].slice, cst.Index):
        return None
    return string_value(subscript.slice[0].slice.value)


def _loads_processor(step: Step, classes: frozenset[str], family: str) -> set[str]:
    """The names bound, in this step or an earlier one (a processor is usually made steps
    before), to a processor loaded as one of `classes` (class names, or patterns they match in
    full: `\\w*ImageProcessor`), or with `AutoProcessor` from a repo whose name `family` matches."""
    import ast

    from polydoctest.pycode import bound_values

    bound = {**step.earlier, **bound_values(step.module.code)}

    def loads_family(value: str) -> bool:
        try:
            node = ast.parse(value, mode="eval").body
        except SyntaxError:
            return False
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "from_pretrained"):
            return False
        loader = node.func.value.id if isinstance(node.func.value, ast.Name) else None
        if loader is not None and any(re.fullmatch(name, loader) for name in classes):
            return True
        repo = node.args[0] if node.args else None
        if isinstance(repo, ast.Name) and repo.id in bound:  # `checkpoint = "..."` steps before
            repo = ast.parse(bound[repo.id], mode="eval").body
        named = isinstance(repo, ast.Constant) and isinstance(repo.value, str)
        return loader == "AutoProcessor" and named and re.search(family, repo.value, re.I) is not None

    return {name for name, value in bound.items() if loads_family(value)}


@dataclass(frozen=True)
class PromptsFirst:
    """`processor(prompts, ...)`: prompts passed as the only positional argument to a processor
    the page loaded as one of `classes` (or with `AutoProcessor` from a repo of `family`)."""

    classes: frozenset[str]
    family: str

    def find(self, step: Step) -> Iterator[Match]:
        processors = _loads_processor(step, self.classes, self.family)
        for call in step.nodes(cst.Call):
            args = [arg for arg in call.args if not arg.star]
            if not (isinstance(call.func, cst.Name) and call.func.value in processors and args and args[0].keyword is None):
                continue
            if positional(call, 1) is None and not keyword(call, "text") and not keyword(call, "images"):
                yield Match(args[0])


@dataclass(frozen=True)
class ProcessorAttribute:
    """`processor.attribute` on a processor the page loaded as one of `classes` (or with
    `AutoProcessor` from a repo of `family`): a method a kind of processor lost or changed
    while others kept it under the same name."""

    classes: frozenset[str]
    family: str
    attribute: str

    def find(self, step: Step) -> Iterator[Match]:
        processors = _loads_processor(step, self.classes, self.family)
        for attribute in step.nodes(cst.Attribute):
            if attribute.attr.value == self.attribute and isinstance(attribute.value, cst.Name) and attribute.value.value in processors:
                yield Match(attribute, {"method": self.attribute})


def _pipelines(step: Step, tasks: frozenset[str] | None) -> set[str]:
    """The names bound, in this step or an earlier one, to `pipeline(...)` for one of `tasks`
    (None: any), or with no task (the model's decides)."""
    import ast

    from polydoctest.pycode import bound_values

    bound = {**step.earlier, **bound_values(step.module.code)}

    def pipeline_of_tasks(value: str) -> bool:
        try:
            node = ast.parse(value, mode="eval").body
        except SyntaxError:
            return False
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "pipeline"):
            return False
        given = {kw.arg: kw.value for kw in node.keywords}
        task = node.args[0] if node.args else given.get("task")
        return task is None or tasks is None or (isinstance(task, ast.Constant) and task.value in tasks)

    return {name for name, value in bound.items() if pipeline_of_tasks(value)}


@dataclass(frozen=True)
class PipelineKeyword:
    """`pipe(keyword=...)` with no positional argument, on a name the page bound to a pipeline
    for one of `tasks` (None: any; see `_pipelines`)."""

    tasks: frozenset[str] | None
    keyword: str

    def find(self, step: Step) -> Iterator[Match]:
        pipelines = _pipelines(step, self.tasks)
        for call in step.nodes(cst.Call):
            if not (isinstance(call.func, cst.Name) and call.func.value in pipelines) or positional(call, 0) is not None:
                continue
            if (arg := keyword(call, self.keyword)) is not None:
                yield Match(arg, {"keyword": self.keyword})


@dataclass(frozen=True)
class PipelineResultKey:
    """`pipe(...)["key"]` on a name the page bound to a pipeline for one of `tasks`: a key of
    one result read from the list of them."""

    tasks: frozenset[str] | None
    key: str

    def find(self, step: Step) -> Iterator[Match]:
        pipelines = _pipelines(step, self.tasks)
        for subscript in step.nodes(cst.Subscript):
            call = subscript.value
            if isinstance(call, cst.Call) and isinstance(call.func, cst.Name) and call.func.value in pipelines and _string_key(subscript) == self.key:
                yield Match(call, {"key": self.key})


@dataclass(frozen=True)
class ProcessorKeyword:
    """`processor(..., keyword=...)` on a processor the page loaded as one of `classes` (or with
    `AutoProcessor` from a repo of `family`): an argument that kind of processor never read."""

    classes: frozenset[str]
    family: str
    keyword: str

    def find(self, step: Step) -> Iterator[Match]:
        processors = _loads_processor(step, self.classes, self.family)
        for call in step.nodes(cst.Call):
            if isinstance(call.func, cst.Name) and call.func.value in processors and (arg := keyword(call, self.keyword)) is not None:
                yield Match(arg, {"keyword": self.keyword})


@dataclass(frozen=True)
class ChatTemplateListsUnpacked:
    """`inputs = tok.apply_chat_template(..., return_dict=True)` with no `return_tensors`, then
    `model.generate(**inputs)` in the same step: lists of ids handed to a model."""

    def find(self, step: Step) -> Iterator[Match]:
        unpacked = {
            arg.value.value
            for call in step.nodes(cst.Call)
            if callee(call) == "generate"
            for arg in call.args
            if arg.star == "**" and isinstance(arg.value, cst.Name)
        }
        for assign in step.nodes(cst.Assign):
            call = assign.value
            if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) and call.func.attr.value == "apply_chat_template"):
                continue
            targets = {t.target.value for t in assign.targets if isinstance(t.target, cst.Name)}
            dict_asked = (arg := keyword(call, "return_dict")) is not None and step.code(arg.value).strip() == "True"
            if targets & unpacked and dict_asked and keyword(call, "return_tensors") is None and not _passes_false(call, "tokenize"):
                yield Match(call)
