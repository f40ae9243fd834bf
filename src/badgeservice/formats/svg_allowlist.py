"""What an uploaded SVG badge image may hold, kept as data for ``svg_sanitize``.

Element and attribute names follow SVG 1.1 (Second Edition) and SVG 2
(https://www.w3.org/TR/SVG2/eltindex.html, https://www.w3.org/TR/SVG2/attindex.html) and the
SVG presentation attributes (https://www.w3.org/TR/SVG2/styling.html#PresentationAttributes).
Everything here is inert: it draws, it does not run, fetch or navigate.
"""

from __future__ import annotations

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"

# Elements kept (in the SVG namespace). Anything else in the SVG namespace, and every element in
# another namespace (editor metadata such as sodipodi:namedview, rdf:RDF), is dropped with its
# subtree unless it is listed as dangerous below.
ALLOWED_ELEMENTS: frozenset[str] = frozenset(
    {
        "svg",
        "g",
        "defs",
        "symbol",
        "use",
        "title",
        "desc",
        "style",
        "switch",
        # shapes
        "path",
        "rect",
        "circle",
        "ellipse",
        "line",
        "polyline",
        "polygon",
        # text
        "text",
        "tspan",
        "textPath",
        # paint servers, clipping, masking, markers
        "linearGradient",
        "radialGradient",
        "stop",
        "pattern",
        "clipPath",
        "mask",
        "marker",
        # raster images, only with an inline PNG or JPEG (href rule in svg_sanitize)
        "image",
        # filters (feImage is left out: it can reference other documents)
        "filter",
        "feBlend",
        "feColorMatrix",
        "feComponentTransfer",
        "feComposite",
        "feDiffuseLighting",
        "feDisplacementMap",
        "feDistantLight",
        "feDropShadow",
        "feFlood",
        "feFuncA",
        "feFuncB",
        "feFuncG",
        "feFuncR",
        "feGaussianBlur",
        "feMerge",
        "feMergeNode",
        "feMorphology",
        "feOffset",
        "fePointLight",
        "feSpecularLighting",
        "feSpotLight",
        "feTile",
        "feTurbulence",
        # declarative animation: kept, but refused when it targets a link or an event handler
        "animate",
        "animateMotion",
        "animateTransform",
        "mpath",
        "set",
    }
)

ANIMATION_ELEMENTS: frozenset[str] = frozenset(
    {"animate", "animateMotion", "animateTransform", "set"}
)

# Elements that can run code or embed another document: their presence refuses the upload, in
# any namespace (an XHTML <script> inside an SVG runs just the same).
DANGEROUS_ELEMENTS: frozenset[str] = frozenset(
    {"script", "foreignObject", "iframe", "embed", "object", "handler", "listener"}
)

# Attributes without a namespace that are kept on any allowed element. Event handlers (on*) and
# link attributes (href) are not listed: svg_sanitize decides on them by rule.
ALLOWED_ATTRIBUTES: frozenset[str] = frozenset(
    {
        # core and structure
        "id",
        "class",
        "style",
        "lang",
        "tabindex",
        "version",
        "baseProfile",
        "viewBox",
        "preserveAspectRatio",
        "transform",
        "requiredExtensions",
        "requiredFeatures",
        "systemLanguage",
        # geometry
        "x",
        "y",
        "width",
        "height",
        "rx",
        "ry",
        "cx",
        "cy",
        "r",
        "x1",
        "y1",
        "x2",
        "y2",
        "points",
        "d",
        "pathLength",
        # text layout
        "dx",
        "dy",
        "rotate",
        "textLength",
        "lengthAdjust",
        "startOffset",
        "method",
        "spacing",
        "side",
        # paint servers, clipping, masking, markers
        "gradientUnits",
        "gradientTransform",
        "spreadMethod",
        "fx",
        "fy",
        "fr",
        "offset",
        "patternUnits",
        "patternContentUnits",
        "patternTransform",
        "clipPathUnits",
        "maskUnits",
        "maskContentUnits",
        "markerUnits",
        "markerWidth",
        "markerHeight",
        "refX",
        "refY",
        "orient",
        # filters
        "filterUnits",
        "primitiveUnits",
        "in",
        "in2",
        "result",
        "stdDeviation",
        "mode",
        "type",
        "values",
        "operator",
        "k1",
        "k2",
        "k3",
        "k4",
        "radius",
        "tableValues",
        "slope",
        "intercept",
        "amplitude",
        "exponent",
        "scale",
        "xChannelSelector",
        "yChannelSelector",
        "baseFrequency",
        "numOctaves",
        "seed",
        "stitchTiles",
        "surfaceScale",
        "diffuseConstant",
        "specularConstant",
        "specularExponent",
        "kernelUnitLength",
        "azimuth",
        "elevation",
        "z",
        "pointsAtX",
        "pointsAtY",
        "pointsAtZ",
        "limitingConeAngle",
        "edgeMode",
        # animation timing and values
        "attributeName",
        "attributeType",
        "from",
        "to",
        "by",
        "dur",
        "begin",
        "end",
        "min",
        "max",
        "restart",
        "repeatCount",
        "repeatDur",
        "fill",
        "calcMode",
        "keyTimes",
        "keySplines",
        "keyPoints",
        "additive",
        "accumulate",
        "path",
        # presentation attributes (SVG 2 §6.6)
        "alignment-baseline",
        "baseline-shift",
        "clip",
        "clip-path",
        "clip-rule",
        "color",
        "color-interpolation",
        "color-interpolation-filters",
        "color-rendering",
        "direction",
        "display",
        "dominant-baseline",
        "fill-opacity",
        "fill-rule",
        "filter",
        "flood-color",
        "flood-opacity",
        "font",
        "font-family",
        "font-feature-settings",
        "font-kerning",
        "font-size",
        "font-size-adjust",
        "font-stretch",
        "font-style",
        "font-variant",
        "font-weight",
        "image-rendering",
        "isolation",
        "letter-spacing",
        "lighting-color",
        "marker",
        "marker-end",
        "marker-mid",
        "marker-start",
        "mask",
        "mask-type",
        "mix-blend-mode",
        "opacity",
        "overflow",
        "paint-order",
        "shape-rendering",
        "stop-color",
        "stop-opacity",
        "stroke",
        "stroke-dasharray",
        "stroke-dashoffset",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-miterlimit",
        "stroke-opacity",
        "stroke-width",
        "text-anchor",
        "text-decoration",
        "text-rendering",
        "transform-box",
        "transform-origin",
        "unicode-bidi",
        "vector-effect",
        "visibility",
        "white-space",
        "word-spacing",
        "writing-mode",
    }
)

# Namespaced attributes kept: (namespace, local name).
ALLOWED_NAMESPACED_ATTRIBUTES: frozenset[tuple[str, str]] = frozenset(
    {(XML_NS, "space"), (XML_NS, "lang")}
)

# Elements whose href may hold an inline raster image instead of a local #fragment.
INLINE_IMAGE_ELEMENTS: frozenset[str] = frozenset({"image"})

# The only inline images accepted: base64 PNG or JPEG (never SVG, which could carry script).
INLINE_IMAGE_PREFIXES: tuple[str, ...] = ("data:image/png;base64,", "data:image/jpeg;base64,")

# Animation targets (local names, any prefix) that would rewrite a link or bypass the CSS checks;
# on* handlers are refused by rule as well.
FORBIDDEN_ANIMATION_TARGETS: frozenset[str] = frozenset({"href", "style"})

# CSS constructs refused anywhere (style elements, style attributes, presentation attributes):
# they fetch other documents or run code in some user agent.
FORBIDDEN_CSS_TOKENS: tuple[str, ...] = (
    "@import",
    "expression(",
    "javascript:",
    "vbscript:",
    "-moz-binding",
    "behavior:",
    "image-set(",
    "image(",
    "cross-fade(",
    "src(",
)
