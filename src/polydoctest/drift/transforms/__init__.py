"""The libcst rewrites rules refer to. Each is a frozen dataclass whose `fix(match, step)`
returns the edits for one occurrence, or None when that occurrence cannot be rewritten safely."""

from .calls import AddParameter, AudioAsArrays, CallFunctionInstead, CallMethodInstead, CallReceiver, IndexResult, KeyAsArgument, RenameString, TextTarget, TokenizerCall, WrapInList
from .keywords import AddKeyword, DropKeyword, EnvironmentInstead, FloatValue, GenerationConfigFrom, MapFlag, NegateFlag, QuantizationConfig, RenameKeyword, ReplaceArgument, ScaleCounts, SetKeyword, ThroughFunction
from .names import AttributeOrDefault, ClassByModelFamily, DefineInstead, MoveImport, RenameAttribute, RenameName, ReplaceExpression, StaticMethodToFunction, SubscriptBeforeAttribute

__all__ = [
    "AddKeyword",
    "AddParameter",
    "AttributeOrDefault",
    "AudioAsArrays",
    "CallFunctionInstead",
    "CallMethodInstead",
    "CallReceiver",
    "ClassByModelFamily",
    "DefineInstead",
    "DropKeyword",
    "EnvironmentInstead",
    "FloatValue",
    "GenerationConfigFrom",
    "IndexResult",
    "KeyAsArgument",
    "MapFlag",
    "MoveImport",
    "NegateFlag",
    "QuantizationConfig",
    "RenameAttribute",
    "RenameKeyword",
    "RenameName",
    "RenameString",
    "ReplaceArgument",
    "ReplaceExpression",
    "ScaleCounts",
    "SetKeyword",
    "StaticMethodToFunction",
    "SubscriptBeforeAttribute",
    "TextTarget",
    "ThroughFunction",
    "TokenizerCall",
    "WrapInList",
]
