"""A vector drawing in a neutral form: the canvas calls that draw it, colours as tokens.

An SVG (a pictogram) is parsed and checked once with svglib (:mod:`.svg`); its
drawing is then run once through ReportLab's own drawing renderer against a
recorder instead of a page. What is recorded is a :class:`Figure`: the drawing's
size and the list of ReportLab canvas calls that draw it, in order::

    ["saveState", [], {}]
    ["setStrokeColor", [{"colour": "ink", "opacity": 1.0, "node": true}], {}]
    ["setLineWidth", [2.5], {}]
    ["drawPath", [{"path": [["moveTo", [15, 41], {}], ["lineTo", [15, 23], {}]]}],
     {"fill": 0, "stroke": 1, "fillMode": 1}]

A colour is a token: ``colour`` is a colour role's or the ink's name (``ink``,
``accent``...: the SVG's ``currentColor`` and role names) or a colour the SVG
gives itself (``["rgb", r, g, b, alpha]`` or ``["cmyk", c, m, y, k, spot,
density, knockout, alpha]``); ``opacity`` is the shape's opacity; ``node``
says whether it is a shape's colour (drawn in the given colours, its opacity
flattened onto white, in CMYK for press) or the renderer's own starting state
(drawn as it is). The font set at the start is ``{"font": "regular"}``.

Replaying the calls on a canvas (:meth:`Figure.draw`) writes exactly the bytes
ReportLab's renderer wrote from the drawing, without loading svglib or
ReportLab's graphics package; :meth:`Figure.svg` writes the same drawing as SVG
for a web page. The form is plain JSON (:meth:`Figure.data`), so it can be kept
on disk between builds; :meth:`Figure.from_data` checks every call against the
short list of calls and arguments a drawing may use, so a damaged or edited copy
is refused (``ValueError``), never run.
"""
from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Callable
from typing import Any

from .svg import flat, in_cmyk

FORMAT = 1
FONT = {"font": "regular"}   # the renderer's starting font: drukwerk's regular face
# Canvas calls a figure may hold, with the number of positional arguments each takes.
CALLS = {"saveState": 0, "restoreState": 0, "transform": 6, "setFillColor": 1,
         "setStrokeColor": 1, "setLineWidth": 1, "setLineCap": 1, "setLineJoin": 1,
         "setDash": (0, 2), "setFont": (2, 3), "rect": 4, "roundRect": 5, "line": 4,
         "circle": 3, "ellipse": 4, "drawPath": 1, "clipPath": 1, "=_fillMode": 1,
         "setFillOverprint": 1, "setStrokeOverprint": 1, "setOverprintMask": 1}
PATH_CALLS = {"moveTo": 2, "lineTo": 2, "curveTo": 6, "close": 0}
KEYWORDS = {"stroke", "fill", "fillMode"}
COLOURED = {"setFillColor", "setStrokeColor"}
SWITCHES = {"setFillOverprint", "setStrokeOverprint"}   # on or off


@dataclass(frozen=True)
class Figure:
    """A drawing as canvas calls (see the module's notes), in its own units."""

    width: float
    height: float
    calls: tuple

    def draw(self, canvas: Any, colours: dict[str, Any], cmyk: bool = False) -> None:
        """Draw on a ReportLab ``canvas`` at its origin, ``colours`` by name for the
        ink and the roles, colours of the drawing's own in CMYK when ``cmyk``."""
        from . import fonts

        for name, args, keywords in self.calls:
            args = [_value(arg, colours, cmyk, canvas) for arg in args]
            if name.startswith("="):
                setattr(canvas, name[1:], args[0])
            elif name == "setFont":
                getattr(canvas, name)(fonts.font_name("regular"), *args[1:], **keywords)
            else:
                getattr(canvas, name)(*args, **keywords)

    def svg(self, colours: dict[str, Any], prefix: str) -> str:
        """The drawing as an SVG element for a web page; ``prefix`` keeps its ids apart
        from those of other drawings on the same page."""
        return _Svg(self, colours, prefix).text()

    def bounds(self) -> tuple[float, float, float, float]:
        """(left, bottom, right, top) of the shapes' geometry (curves by their control
        points, strokes without their width), in the figure's own units."""
        matrix: tuple = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        stack: list[tuple] = []
        xs: list[float] = []
        ys: list[float] = []
        for name, args, _ in self.calls:
            if name == "saveState":
                stack.append(matrix)
            elif name == "restoreState":
                matrix = stack.pop()
            elif name == "transform":
                matrix = _times(args, matrix)
            elif name in _CORNERS or name in ("drawPath", "clipPath"):
                points = _CORNERS[name](*args) if name in _CORNERS else [
                    point for _, part, _ in args[0]["path"]
                    for point in zip(part[::2], part[1::2])]
                a, b, c, d, e, f = matrix
                xs.extend(a * x + c * y + e for x, y in points)
                ys.extend(b * x + d * y + f for x, y in points)
        return (min(xs), min(ys), max(xs), max(ys)) if xs else (0.0, 0.0, 0.0, 0.0)

    def data(self) -> dict:
        return {"format": FORMAT, "width": self.width, "height": self.height,
                "calls": [list(call) for call in self.calls]}

    def text(self) -> str:
        """:meth:`data` as JSON, keys sorted and nothing between tokens: the same text
        wherever the figure is kept, so its SHA-256 checks it."""
        import json
        return json.dumps(self.data(), sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_data(cls, data: Any) -> Figure:
        """The figure of :meth:`data`'s output; ``ValueError`` for anything else."""
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("not a figure")
        width, height, calls = data.get("width"), data.get("height"), data.get("calls")
        if not (_number(width) and _number(height) and isinstance(calls, list)):
            raise ValueError("not a figure")
        depth = 0   # every saved state restored, none restored that was not saved
        for call in calls:
            _check_call(call, CALLS)
            depth += {"saveState": 1, "restoreState": -1}.get(call[0], 0)
            if depth < 0:
                raise ValueError("a state restored that was not saved")
        if depth:
            raise ValueError("a state saved and not restored")
        return cls(float(data["width"]), float(data["height"]),
                   tuple(tuple(call) for call in calls))


def record(drawing: Any) -> Figure:
    """The figure of an svglib drawing (its opacities not yet flattened)."""
    import copy

    from reportlab.graphics import renderPDF
    from reportlab.lib.colors import Color

    from .svg import nodes

    class Marked(Color, _Marked):   # a Color, so the drawing's shapes take it
        def __init__(self, colour: Any, opacity: float | None) -> None:
            Color.__init__(self, colour.red, colour.green, colour.blue)
            _Marked.__init__(self, colour, opacity)

    marked = copy.deepcopy(drawing)
    for node in nodes(marked):
        for colour_name, opacity_name in (("fillColor", "fillOpacity"),
                                          ("strokeColor", "strokeOpacity")):
            colour = getattr(node, colour_name, None)
            if colour is not None:
                setattr(node, colour_name, Marked(colour, getattr(node, opacity_name, None)))
            if hasattr(node, opacity_name):
                setattr(node, opacity_name, None)   # flattened when drawn (see _value)
    recorder = _Recorder(marked.initialFontName)
    renderPDF.draw(marked, recorder, 0, 0)
    figure = Figure(float(drawing.width), float(drawing.height),
                    tuple(tuple(call) for call in recorder.calls))
    return Figure.from_data(figure.data())   # what is kept on disk is what is drawn


def role_key(colour: Any) -> str | None:
    """The ink's or role's name a placeholder colour stands for, else None."""
    from .pictogram_library import PLACEHOLDERS

    by_hex = {value.lower(): key for key, value in PLACEHOLDERS.items()}
    return by_hex.get("#" + colour.hexval()[2:].lower()) if hasattr(colour, "hexval") else None


def _times(m: list, n: tuple) -> tuple:
    """The matrix ``m`` applied first, then ``n`` (PDF's ``cm``: new CTM = m x CTM)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


_CORNERS: dict[str, Callable[..., list[tuple[float, float]]]] = {
    "rect": lambda x, y, w, h: [(x, y), (x + w, y + h)],
    "roundRect": lambda x, y, w, h, r: [(x, y), (x + w, y + h)],
    "line": lambda x1, y1, x2, y2: [(x1, y1), (x2, y2)],
    "circle": lambda x, y, r: [(x - r, y - r), (x + r, y + r)],
    "ellipse": lambda x1, y1, x2, y2: [(x1, y1), (x2, y2)],
}


# Recording ---------------------------------------------------------------------------

class _Marked:
    """A shape's colour while recording, with the shape's opacity (see :func:`record`)."""

    def __init__(self, colour: Any, opacity: float | None) -> None:
        self.colour, self.opacity = colour, opacity


class _PathRecorder:
    def __init__(self) -> None:
        self.calls: list = []

    def __getattr__(self, name: str):
        if name not in PATH_CALLS:
            raise ValueError(f"a drawing path uses {name}, which drukwerk does not keep")
        return lambda *args, **keywords: self.calls.append(
            [name, [_token(arg) for arg in args], keywords])


class _Recorder:
    """Stands in for a canvas: keeps the calls made on it."""

    def __init__(self, font: str) -> None:
        self.__dict__.update(calls=[], _fontname=font, _fontsize=10)

    def beginPath(self) -> _PathRecorder:
        return _PathRecorder()

    def __setattr__(self, name: str, value: Any) -> None:
        self.calls.append([f"={name}", [_token(value)], {}])

    def __getattr__(self, name: str):
        if name not in CALLS:
            raise ValueError(f"a drawing uses {name}, which drukwerk does not keep")
        if name == "setFont":
            return lambda font, *rest, **keywords: self.calls.append(
                [name, [FONT, *(_token(arg) for arg in rest)], keywords])
        return lambda *args, **keywords: self.calls.append(
            [name, [_token(arg) for arg in args], keywords])


def _token(value: Any) -> Any:
    """A recorded argument as JSON data."""
    if isinstance(value, _Marked):
        key = role_key(value.colour)
        return {"colour": key or _literal(value.colour), "opacity": value.opacity, "node": True}
    if isinstance(value, _PathRecorder):
        return {"path": value.calls}
    if hasattr(value, "hexval"):
        return {"colour": _literal(value), "opacity": None, "node": False}
    if isinstance(value, (list, tuple)):
        return [_token(item) for item in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise ValueError(f"a drawing passes {type(value).__name__}, which drukwerk does not keep")


def _literal(colour: Any) -> list:
    from reportlab.lib.colors import CMYKColor, Color

    if type(colour) is CMYKColor:
        return ["cmyk", colour.cyan, colour.magenta, colour.yellow, colour.black,
                colour.spotName, colour.density, colour.knockout, colour.alpha]
    if type(colour) is Color:
        return ["rgb", colour.red, colour.green, colour.blue, colour.alpha]
    raise ValueError(f"a drawing uses a colour drukwerk does not keep ({colour!r})")


# Checking kept data ----------------------------------------------------------------

def _number(value: Any) -> bool:
    """A number a page can print: not a bool, not inf or NaN, not beyond :data:`LARGEST`
    (a larger one cannot be written as a PDF number)."""
    return type(value) in _NUMBERS and -LARGEST <= value <= LARGEST


_NUMBERS = (int, float)
LARGEST = 1e9
# Calls that take one of a few numbers (ReportLab refuses any other), by name.
_CHOICES = {"setLineCap": (0, 1, 2), "setLineJoin": (0, 1, 2), "=_fillMode": (0, 1)}
# Calls whose every argument is a number, by name: checked on the quick path.
_ALL_NUMBERS = frozenset(name for name in {**CALLS, **PATH_CALLS}
                         if name not in COLOURED | SWITCHES | {"setFont", "setDash",
                                                                "drawPath", "clipPath"})


def _check_call(call: Any, allowed: dict) -> None:
    if not (type(call) is list and len(call) == 3 and type(call[0]) is str and call[0] in allowed
            and type(call[1]) is list and type(call[2]) is dict):
        raise ValueError(f"not a drawing call: {str(call)[:60]}")
    name, args, keywords = call
    count = allowed[name]
    low, high = count if type(count) is tuple else (count, count)
    if not low <= len(args) <= high:
        raise ValueError(f"{name} with the wrong arguments")
    if keywords and not (keywords.keys() <= KEYWORDS and all(
            value is None or _number(value) for value in keywords.values())):
        raise ValueError(f"{name} with the wrong arguments")
    if name in _ALL_NUMBERS:
        if not all(_number(arg) for arg in args):
            raise ValueError(f"{name} with an argument that is not a number")
        if name in _CHOICES and args[0] not in _CHOICES[name]:
            raise ValueError(f"{name} with a value ReportLab does not draw")
        return
    for position, arg in enumerate(args):
        if name in COLOURED:
            _check_colour(arg)
        elif name == "setFont" and position == 0:
            if arg != FONT:
                raise ValueError("a font drukwerk does not draw with")
        elif name in ("drawPath", "clipPath"):
            if not (type(arg) is dict and arg.keys() == {"path"} and type(arg["path"]) is list):
                raise ValueError(f"{name} without a path")
            for part in arg["path"]:
                _check_call(part, PATH_CALLS)
        elif name in SWITCHES:
            if type(arg) is not bool:
                raise ValueError(f"{name} neither on nor off")
        elif name == "setDash" and position == 0:
            if not (type(arg) is list and all(_number(item) for item in arg)) and not _number(arg):
                raise ValueError("a dash that is not numbers")
        elif not _number(arg):
            raise ValueError(f"{name} with an argument that is not a number")


def _check_colour(token: Any) -> None:
    if not (isinstance(token, dict) and set(token) == {"colour", "opacity", "node"}
            and isinstance(token["node"], bool)
            and (token["opacity"] is None or _number(token["opacity"]))):
        raise ValueError("not a colour")
    colour = token["colour"]
    if isinstance(colour, str):
        from .pictogram_library import PLACEHOLDERS
        if colour not in PLACEHOLDERS or not token["node"]:
            raise ValueError(f"not a colour name: {colour[:20]}")
        return
    fields = {"rgb": 4, "cmyk": 8}.get(colour[0] if isinstance(colour, list) and colour else "")
    if fields is None or len(colour) != fields + 1:
        raise ValueError("not a colour")
    values = colour[1:]
    if colour[0] == "cmyk":   # spot name (text or None) and knockout (None or a number)
        spot, knockout = values.pop(4), values.pop(5)
        if not (spot is None or isinstance(spot, str)) or not (knockout is None or _number(knockout)):
            raise ValueError("not a colour")
    if not all(_number(value) for value in values):
        raise ValueError("not a colour")


# Drawing kept data -------------------------------------------------------------------

def _value(arg: Any, colours: dict[str, Any], cmyk: bool, canvas: Any) -> Any:
    if isinstance(arg, dict):
        if "colour" in arg:
            return _colour(arg, colours, cmyk)
        if "path" in arg:
            path = canvas.beginPath()
            for name, args, keywords in arg["path"]:
                getattr(path, name)(*args, **keywords)
            return path
        return arg
    return arg


def _colour(token: dict, colours: dict[str, Any], cmyk: bool) -> Any:
    source = token["colour"]
    colour = colours[source] if isinstance(source, str) else _made(source)
    if not token["node"]:
        return colour
    colour = flat(colour, token["opacity"])
    return in_cmyk(colour) if cmyk else colour


def _made(spec: list) -> Any:
    from reportlab.lib.colors import CMYKColor, Color

    if spec[0] == "cmyk":
        c, m, y, k, spot, density, knockout, alpha = spec[1:]
        return CMYKColor(c, m, y, k, spotName=spot, density=density, knockout=knockout,
                         alpha=alpha)
    return Color(*spec[1:])


class _Svg:
    """The calls of a figure as SVG elements, in the page's coordinates (y down)."""

    CAPS = ("butt", "round", "square")
    JOINS = ("miter", "round", "bevel")

    def __init__(self, figure: Figure, colours: dict[str, Any], prefix: str) -> None:
        self.figure, self.colours, self.prefix = figure, colours, prefix
        self.parts: list[str] = []
        self.state: dict[str, Any] = {"fill": None, "stroke": None, "width": 1.0, "cap": 0, "join": 0,
                      "dash": None, "mode": 1}
        self.stack: list[tuple[dict, int]] = []
        self.groups = 0
        self.clips = 0

    def text(self) -> str:
        width, height = _fmt(self.figure.width), _fmt(self.figure.height)
        for name, args, keywords in self.figure.calls:
            args = [_colour(arg, self.colours, False) if isinstance(arg, dict) and "colour" in arg
                    else arg for arg in args]
            self.call(name, args, keywords)
        self.parts.append("</g>" * self.groups)
        return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
                f'width="{width}" height="{height}"><g transform="matrix(1 0 0 -1 0 {height})">'
                + "".join(self.parts) + "</g></svg>")

    def call(self, name: str, args: list, keywords: dict) -> None:
        state = self.state
        if name == "saveState":
            self.stack.append((dict(state), self.groups))
            self.groups = 0
        elif name == "restoreState":
            self.parts.append("</g>" * self.groups)
            self.state, self.groups = self.stack.pop()
        elif name == "transform" and args != [1, 0, 0, 1, 0, 0]:   # not the identity
            self.parts.append(f'<g transform="matrix({" ".join(map(_fmt, args))})">')
            self.groups += 1
        elif name in ("setFillColor", "setStrokeColor"):
            state["fill" if name == "setFillColor" else "stroke"] = args[0]
        elif name in ("setLineWidth", "setLineCap", "setLineJoin"):
            state[{"setLineWidth": "width", "setLineCap": "cap",
                   "setLineJoin": "join"}[name]] = args[0]
        elif name == "setDash":
            state["dash"] = args[0] if args and args[0] else None
        elif name == "=_fillMode":
            state["mode"] = args[0]
        elif name in ("rect", "roundRect", "line", "circle", "ellipse", "drawPath", "clipPath"):
            self.shape(name, args, keywords)

    def shape(self, name: str, args: list, keywords: dict) -> None:
        stroke = keywords.get("stroke", 1)
        fill = keywords.get("fill", 0)
        if name == "rect":
            x, y, w, h = args
            element = f'<rect x="{_fmt(x)}" y="{_fmt(y)}" width="{_fmt(w)}" height="{_fmt(h)}"'
        elif name == "roundRect":
            x, y, w, h, r = args
            element = (f'<rect x="{_fmt(x)}" y="{_fmt(y)}" width="{_fmt(w)}" height="{_fmt(h)}"'
                       f' rx="{_fmt(r)}"')
        elif name == "line":
            element = '<line x1="{}" y1="{}" x2="{}" y2="{}"'.format(*map(_fmt, args))
            stroke, fill = 1, 0
        elif name == "circle":
            element = '<circle cx="{}" cy="{}" r="{}"'.format(*map(_fmt, args))
        elif name == "ellipse":
            x1, y1, x2, y2 = args
            element = (f'<ellipse cx="{_fmt((x1 + x2) / 2)}" cy="{_fmt((y1 + y2) / 2)}" '
                       f'rx="{_fmt(abs(x2 - x1) / 2)}" ry="{_fmt(abs(y2 - y1) / 2)}"')
        else:
            element = f'<path d="{_path_data(args[0]["path"])}"'
        mode = keywords.get("fillMode")
        mode = self.state["mode"] if mode is None else mode
        rule = "evenodd" if mode == 0 else "nonzero"
        if name == "clipPath":
            self.clips += 1
            ident = f"{self.prefix}clip{self.clips}"
            self.parts.append(f'<clipPath id="{ident}">{element} clip-rule="{rule}"/></clipPath>'
                              f'<g clip-path="url(#{ident})">')
            self.groups += 1
            return
        if not (fill or stroke):
            return
        self.parts.append(element + self.paint(bool(fill), bool(stroke), rule) + "/>")

    def paint(self, fill: bool, stroke: bool, rule: str) -> str:
        state = self.state
        text = ' fill="none"'
        if fill and state["fill"] is not None:
            text = f' fill="{_hex(state["fill"])}" fill-rule="{rule}"'
        if stroke and state["stroke"] is not None:
            text += (f' stroke="{_hex(state["stroke"])}" stroke-width="{_fmt(state["width"])}"'
                     f' stroke-linecap="{self.CAPS[int(state["cap"]) % 3]}"'
                     f' stroke-linejoin="{self.JOINS[int(state["join"]) % 3]}"')
            if state["dash"]:
                dash = state["dash"] if isinstance(state["dash"], list) else [state["dash"]]
                text += f' stroke-dasharray="{" ".join(map(_fmt, dash))}"'
        return text


def _path_data(calls: list) -> str:
    letters = {"moveTo": "M", "lineTo": "L", "curveTo": "C", "close": "Z"}
    return " ".join(letters[name] + " ".join(map(_fmt, args)) for name, args, _ in calls)


def _hex(colour: Any) -> str:
    return "#" + colour.hexval()[2:].lower()


def _fmt(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".") or "0"
