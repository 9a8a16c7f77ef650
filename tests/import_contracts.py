"""An import-linter contract for names, not modules: `from flask import request` in the domain.

import-linter's forbidden contract works on modules, and `request`, `session` and `g` are names in
the `flask` package, which the domain may use for `current_app`. This contract reads the source of
every module under `source_modules` and fails on an import of a forbidden name, however it is spelt
(`from flask import request`, `from flask.globals import request as r`, `flask.request`).
Registered in pyproject.toml (`contract_types`); `lint-imports` runs it with the other contracts.
"""

import ast
import importlib.util

from importlinter import Contract, ContractCheck, fields, output


class ForbiddenNamesContract(Contract):
    """source_modules may not import any of forbidden_names ("package:name"), except the `ignore` ones ("module:name")."""

    type_name = "forbidden_names"

    source_modules = fields.SetField(subfield=fields.StringField())
    forbidden_names = fields.SetField(subfield=fields.StringField())
    ignore = fields.SetField(subfield=fields.StringField(), required=False, default=set())

    def check(self, graph, verbose):
        forbidden = {tuple(n.split(":")) for n in self.forbidden_names}
        found = []
        for source in sorted(self.source_modules):
            for module in sorted({source} | graph.find_descendants(source)):
                found += [(module, *hit) for hit in _hits(module, forbidden) if f"{module}:{hit[2]}" not in self.ignore]
        return ContractCheck(kept=not found, warnings=[], metadata={"found": found})

    def render_broken_contract(self, check):
        for module, line, package, name in check.metadata["found"]:
            output.print_error(f"{module}:{line} imports {name} from {package}")
            output.new_line()


def _hits(module, forbidden):
    spec = importlib.util.find_spec(module)
    tree = ast.parse(open(spec.origin, encoding="utf-8").read())
    packages = {package for package, _ in forbidden}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            package = "flask" if node.module.startswith("flask.") and node.module.split(".")[0] in packages \
                else node.module
            for alias in node.names:
                if (package, alias.name) in forbidden:
                    yield node.lineno, node.module, alias.name
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if (node.value.id, node.attr) in forbidden:
                yield node.lineno, node.value.id, node.attr
