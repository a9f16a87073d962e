"""Resolve a loaded recipe: params (with --set), references, node settings, stage types, cycles."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gandsl.lang import ast
from gandsl.lang.check import BAD, Report, did_you_mean
from gandsl.lang.check_params import resolve_param
from gandsl.lang.check_types import FRAME_COUNTS, coerce
from gandsl.lang.check_values import NodeRef, evaluate
from gandsl.errors import Span
from gandsl.spec import STAGES, OpSpec, ParamSpec
from gandsl.lang.catalog import OpCatalog
from gandsl.lang.resolved import ResolvedNode, ResolvedParam
from gandsl.lang.values import Duration


@dataclass
class Module:
    """One recipe file in the import tree; names inside are qualified with `prefix`."""

    prefix: str
    recipe: ast.Recipe | None
    folder: Path
    aliases: dict[str, "Module"] = field(default_factory=dict)
    names: dict[str, Any] = field(default_factory=dict)
    _stages: dict[str, str] | None = field(default=None, repr=False, compare=False)

    def spans(self) -> dict[str, Span]:
        return {n: d.span for n, d in self.names.items()}

    def node_stages(self) -> dict[str, str]:
        """This file's node names and their stages: one table, built on first use (names are all
        declared by then), so resolving stays linear in the references (E023's hint uses it)."""
        if self._stages is None:
            self._stages = {n: d.stage.text for n, d in self.names.items() if isinstance(d, ast.Node)}
        return self._stages


@dataclass
class Resolver:
    """Resolves every param and node of a module tree, reporting problems to `report`."""

    report: Report
    ops: OpCatalog = None  # type: ignore[assignment]  # set by the loader
    sets: dict[str, tuple[ast.Expr, Span]] = field(default_factory=dict)
    params: dict[str, ResolvedParam] = field(default_factory=dict)
    nodes: dict[str, ResolvedNode | None] = field(default_factory=dict)
    edges: dict[tuple[str, str], Span] = field(default_factory=dict)
    stages: dict[str, str] = field(default_factory=dict)
    spans: dict[tuple[str, str], Span] = field(default_factory=dict)
    _busy: list[str] = field(default_factory=list)

    def resolve_module(self, module: Module) -> None:
        """Resolve the module's imports, then its params and nodes, in declaration order."""
        if module.recipe is None:
            return
        for stmt in module.recipe.statements:
            if isinstance(stmt, ast.Use) and stmt.alias.text in module.aliases:
                self.resolve_module(module.aliases[stmt.alias.text])
            elif isinstance(stmt, ast.Param):
                self.param(module, stmt)
            elif isinstance(stmt, ast.Node):
                self.node(module, stmt)

    def param(self, module: Module, decl: ast.Param) -> Any:
        """A param's value, resolved once."""
        qname = module.prefix + decl.name.text
        if qname in self.params:
            return self.params[qname].value
        if qname in self._busy:
            self.report.error("E030", f"param `{qname}` depends on itself", decl.span, "here")
            return BAD
        self._busy.append(qname)
        lookup = lambda ref: self.lookup(module, ref, None)  # noqa: E731
        result = resolve_param(decl, qname, module.folder, lookup, self.report, self.sets.get(qname))
        self._busy.pop()
        self.params[qname] = result
        return result.value

    def node(self, module: Module, decl: ast.Node) -> ResolvedNode | None:
        """A node with every setting resolved, or None if its op is unknown."""
        qname = module.prefix + decl.name.text
        if qname in self.nodes:
            return self.nodes[qname]
        if qname in self._busy:
            return None
        self._busy.append(qname)
        self.nodes[qname] = self._node(module, decl, qname)
        self._busy.remove(qname)
        return self.nodes[qname]

    def _node(self, module: Module, decl: ast.Node, qname: str) -> ResolvedNode | None:
        spec = op_spec(decl, self.report, self.ops)
        if spec is None:
            return None
        given = entries_by_key(decl.entries, spec, self.report)
        params: dict[str, Any] = {}
        timed: list[tuple[Any, Any, Any]] = []  # `frames = 2s`: counted once fps is known
        for p in spec.params:
            entry = given.get(p.name)
            if entry is not None:
                self.spans[(qname, p.name)] = entry.value.span
                if isinstance(entry.value, ast.TrackLit):  # `KEY#I`: the time of keyframe I
                    for i, key in enumerate(entry.value.keys):
                        self.spans[(qname, f"{p.name}#{i}")] = key.time.span
                lookup = lambda r, p=p: self.choice_or_lookup(module, r, qname, p)  # noqa: E731
                value = evaluate(entry.value, lookup, self.report)
                if isinstance(value, Duration) and p.name in FRAME_COUNTS and spec.param("fps"):
                    timed.append((p, value, entry.value.span))
                    continue
                params[p.name] = coerce(value, p, entry.value.span, self.report, module.folder,
                                        module.node_stages())
            elif p.required:
                params[p.name] = self.report.error(
                    "E016", f"`{qname}` needs `{p.name}`", decl.name.span,
                    f"missing `{p.name}`", f"add `{p.name} = ...` ({p.help})")
            else:
                params[p.name] = default_value(p)
        for p, value, span in timed:  # a duration where fps is known: seconds x fps frames
            fps = params.get("fps")
            count = round(value.seconds * fps) if isinstance(fps, (int, float)) and fps else value
            params[p.name] = coerce(count, p, span, self.report, module.folder)
        inputs = {p.name: params[p.name] for p in spec.inputs if isinstance(params[p.name], str)}
        for key, upstream in inputs.items():
            self.edges.setdefault((upstream, qname), given[key].value.span)
        spans = {k: e.value.span for k, e in given.items()}
        return ResolvedNode(qname, spec.stage, spec.name, params, inputs, decl.span, spans)

    def choice_or_lookup(self, module: Module, ref: ast.Ref, current: str, p: ParamSpec) -> Any:
        """A bare name that is one of p's choices is that choice (unless a declared name)."""
        text, choices = ref.parts[0].text, string_choices(p)
        if len(ref.parts) > 1 or text in module.names or not choices:
            return self.lookup(module, ref, current)
        if text in choices:
            return text
        allowed = ", ".join(f"`{c}`" for c in p.choices or ())
        return self.report.error("E022", f"`{p.name}` does not allow `{text}`", ref.span,
                                 f"one of {allowed}", did_you_mean(text, choices))

    def lookup(self, module: Module, ref: ast.Ref, current: str | None) -> Any:
        """The value a reference names, seen from `module` (inside node `current`, if any)."""
        head, rest = ref.parts[0], ref.parts[1:]
        decl = module.names.get(head.text)
        if decl is None:
            owner = choice_owner(head.text, self.ops) if len(ref.parts) == 1 else None
            hint = (f'quote it: `"{head.text}"`; bare, it is a choice only as a {owner} setting'
                    if owner
                    else did_you_mean(head.text, module.spans()))
            return self.report.error("E012", f"unknown reference `{head.text}`", head.span,
                                     f"no param or node named `{head.text}`", hint)
        if isinstance(decl, ast.Use):
            return self._through_alias(module, decl, ref, current)
        if isinstance(decl, ast.Param):
            if rest:
                return self.report.error("E012", f"param `{head.text}` has no setting "
                                         f"`{rest[0].text}`", rest[0].span, "not a node")
            return self.param(module, decl)
        return self._node_ref(module, decl, ref, current)

    def _through_alias(self, module: Module, use: ast.Use, ref: ast.Ref, current: str | None) -> Any:
        alias = use.alias.text
        if len(ref.parts) == 1:
            return self.report.error("E012", f"`{alias}` is an import, not a value", ref.span,
                                     "an import alias", f"write `{alias}.NAME`")
        inner = module.aliases.get(alias)
        if inner is None or inner.recipe is None:
            return BAD
        return self.lookup(inner, ast.Ref(ref.parts[1:], ref.span), current)

    def _node_ref(self, module: Module, decl: ast.Node, ref: ast.Ref, current: str | None) -> Any:
        qname = module.prefix + decl.name.text
        if current is None:
            return self.report.error("E020", f"a param cannot refer to the node `{qname}`",
                                     ref.span, "a node", "params hold plain values")
        if len(ref.parts) == 1:
            return NodeRef(qname, decl.stage.text)
        key = ref.parts[1]
        self.edges.setdefault((qname, current), ref.span)
        if len(ref.parts) > 2:
            return self.report.error("E012", f"`{ref.dotted}` goes too deep", ref.parts[2].span,
                                     "a node setting has no parts")
        spec = op_spec(decl, None, self.ops)
        if spec is None:
            return BAD
        if spec.param(key.text) is None:
            return self.report.error("E012", f"node `{qname}` has no setting `{key.text}`",
                                     key.span, f"not a parameter of `{spec.name}`",
                                     did_you_mean(key.text, [p.name for p in spec.params]))
        node = self.node(module, decl)
        if node is None:
            return BAD
        value = node.params[key.text]
        return NodeRef(value, self.stages[value]) if key.text in node.inputs else value


def string_choices(p: ParamSpec) -> tuple[str, ...]:
    """The choices of a parameter that are strings (they may be written bare)."""
    return tuple(c for c in p.choices or () if isinstance(c, str))


def choice_owner(word: str, ops: OpCatalog) -> str | None:
    """`OP.PARAM` of the first op parameter having `word` as a choice, if any."""
    for stage in STAGES:
        for op in ops.of_stage(stage):
            for p in op.spec.params:
                if word in string_choices(p):
                    return f"`{p.name}`"
    return None


def default_value(p: ParamSpec) -> Any:
    """A param's default as a fresh value; float params get floats."""
    if isinstance(p.default, list):
        return list(p.default)
    if p.type == "float" and isinstance(p.default, int) and not isinstance(p.default, bool):
        return float(p.default)
    return p.default


def op_spec(decl: ast.Node, report: Report | None, ops: OpCatalog) -> OpSpec | None:
    """The op a node names, reporting an unknown op or one of another stage."""
    stage, name = decl.stage.text, decl.op.text
    op = ops.get(stage, name)
    if op is not None:
        return op.spec
    if report is None:
        return None
    others = [s for s in STAGES if ops.get(s, name) is not None]
    names = [o.spec.name for o in ops.of_stage(stage)]
    if others:
        report.error("E013", f"`{name}` is a {others[0]} op, not a {stage} op", decl.op.span,
                     f"a {others[0]} op", f"write `{others[0]} {decl.name.text} = {name} {{ ... }}`")
    else:
        report.error("E011", f"unknown {stage} op `{name}`", decl.op.span,
                     f"{stage} ops: " + ", ".join(names), did_you_mean(name, names))
    return None


def entries_by_key(entries: tuple[ast.Entry, ...], spec: OpSpec, report: Report) -> dict:
    """A block's entries by key, reporting duplicate and unknown keys."""
    given: dict[str, ast.Entry] = {}
    names = [p.name for p in spec.params]
    for entry in entries:
        key = entry.key.text
        if key in given:
            first = given[key].key.span
            report.error("E015", f"`{key}` is set twice", entry.key.span, "set again here",
                         f"first set at {first.line}:{first.col}")
        elif spec.param(key) is None:
            report.error("E014", f"`{spec.name}` has no parameter `{key}`", entry.key.span,
                         "unknown parameter", did_you_mean(key, names)
                         or f"see `gandsl ops {spec.name}`")
        else:
            given[key] = entry
    return given
