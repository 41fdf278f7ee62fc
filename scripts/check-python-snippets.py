#!/usr/bin/env python3
"""Checks the README's ```python blocks against the Python package jsii-pacmak generated
(dist/packages/python/src/cdk_eks_kit), without the jsii runtime (PyPI is not reachable here):
every name imported from cdk_eks_kit exists, every keyword argument of a constructor call is a
parameter of that class's __init__, every attribute read on a cdk_eks_kit class exists on it,
and every method called on an object built from one exists in the module. Stdlib only."""
import ast
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
PKG = ROOT / 'dist' / 'packages' / 'python' / 'src' / 'cdk_eks_kit'


def load_module(path):
    classes = {}
    tree = ast.parse(path.read_text())
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            members, init = set(), None
            for m in node.body:
                if isinstance(m, ast.FunctionDef):
                    members.add(m.name)
                    if m.name == '__init__':
                        init = {a.arg for a in m.args.args + m.args.kwonlyargs} - {'self'}
            classes[node.name] = (members, init)
    return classes


def main():
    if not PKG.exists():
        sys.exit(f'{PKG} is missing: run jsii-pacmak first')
    modules = {'cdk_eks_kit': load_module(PKG / '__init__.py')}
    for sub in PKG.iterdir():
        if (sub / '__init__.py').exists() and not sub.name.startswith('_'):
            modules[f'cdk_eks_kit.{sub.name}'] = load_module(sub / '__init__.py')
    all_members = {m for mod in modules.values() for members, _ in mod.values() for m in members}
    readme = (ROOT / 'README.md').read_text()
    blocks = re.findall(r'```python\n(.*?)```', readme, re.S)
    problems = []
    for block_no, code in enumerate(blocks, 1):
        where = f'README.md python block {block_no}'
        tree = ast.parse(code)
        kit = {}  # local name -> (module, class) of a cdk_eks_kit class
        variables = {}  # variable -> class name it was built from
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith('cdk_eks_kit'):
                for alias in node.names:
                    mod = modules.get(node.module)
                    sub = f'{node.module}.{alias.name}'
                    if sub in modules:
                        continue
                    if mod is None or alias.name not in mod:
                        problems.append(f'{where}: {node.module} has no {alias.name}')
                    else:
                        kit[alias.asname or alias.name] = (node.module, alias.name)
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Name):
                if node.value.func.id in kit:
                    for target in node.targets:
                        if isinstance(target, ast.Name):
                            variables[target.id] = kit[node.value.func.id]
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in kit:
                mod, cls = kit[node.func.id]
                _, init = modules[mod][cls]
                for kw in node.keywords:
                    if kw.arg and init is not None and kw.arg not in init:
                        problems.append(f'{where}: {cls}(...) has no parameter {kw.arg}')
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                if node.value.id in kit:
                    mod, cls = kit[node.value.id]
                    if node.attr not in modules[mod][cls][0]:
                        problems.append(f'{where}: {cls} has no member {node.attr}')
                elif node.value.id in variables and node.attr not in all_members:
                    problems.append(f'{where}: {variables[node.value.id][1]} has no member {node.attr}')
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        sys.exit(1)
    print(f'python snippets: {len(blocks)} README block(s) match the generated package')


main()
