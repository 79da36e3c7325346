#!/usr/bin/python3
"""Generates the LSGPU-1 command-stream interface from lsgpu_packets.yaml.

usage: gen_packets.py YAML --header OUT.h
       gen_packets.py YAML --doc OUT.md

The header gives every packet and descriptor a typed struct, pack (driver), unpack,
validate and decode (simulator), a printer (LSGPU_DEBUG=cmdstream, fault reports) and
a field table (fuzzers, round-trip tests), so no layout is ever written by hand twice.
"""
import sys

import yaml

# The source tree stays clean of __pycache__ whoever runs us (meson, tests, people).
sys.dont_write_bytecode = True
from gen_common import arg_parser, comment, header_close, header_open, one_line, write_outputs

TYPE_SIZES = {"uint": 32, "sint": 32, "float": 32, "bool": 1, "address": 64}


class Field:
    """One field of a packet or descriptor, with its place and type resolved."""

    def __init__(self, owner, f, enums):
        self.f = f
        self.name = f["name"]
        self.doc = f["doc"]
        self.word = f["word"]
        self.start = f.get("start", 0)
        t = f["type"]
        self.enum = None
        if t.startswith("enum "):
            self.enum = enums.get(t[5:])
            if not self.enum:
                fail(owner, self.name, "unknown enum %r" % t[5:])
            self.kind = "enum"
            if "size" not in f:
                fail(owner, self.name, "an enum field needs a size")
        elif t in TYPE_SIZES:
            self.kind = t
        else:
            fail(owner, self.name, "unknown type %r" % t)
        self.size = f.get("size", TYPE_SIZES.get(self.kind, 0))
        self.count = f.get("count", 1)
        self.stride = f.get("stride", 32)
        self.bitset = f.get("bitset", False)
        self.hex = f.get("format") == "hex" or self.bitset
        if self.kind == "address" and (self.start or self.size != 64 or self.count != 1):
            fail(owner, self.name, "addresses are whole word pairs")
        if self.kind == "float" and self.size != 32:
            fail(owner, self.name, "floats are 32 bits")
        if self.kind != "address" and (self.size < 1 or self.start + self.size > 32):
            fail(owner, self.name, "bits %d..%d leave the word" % (self.start, self.start + self.size - 1))
        if self.count > 1 and self.stride < 32 and self.start + self.stride * (self.count - 1) + self.size > 32:
            fail(owner, self.name, "the array leaves its word")
        if self.enum:
            top = max(v["value"] for v in self.enum["values"])
            if top >= 1 << self.size:
                fail(owner, self.name, "%d bits cannot hold %s value %d" % (self.size, self.enum["name"], top))
        if "max" in f and self.kind in ("uint", "enum") and f["max"] >= 1 << self.size:
            fail(owner, self.name, "max %d does not fit %d bits" % (f["max"], self.size))

    def element_bits(self, i):
        """(word, start) of element i."""
        if self.kind == "address":
            return self.word, 0
        bit = self.word * 32 + self.start + i * self.stride
        return bit // 32, bit % 32

    def mask(self):
        return (1 << self.size) - 1 if self.size < 32 else 0xFFFFFFFF

    def words_covered(self):
        """{word: mask of the bits this field covers}."""
        out = {}
        if self.kind == "address":
            return {self.word: 0xFFFFFFFF, self.word + 1: 0xFFFFFFFF}
        for i in range(self.count):
            w, s = self.element_bits(i)
            out[w] = out.get(w, 0) | (self.mask() << s)
        return out

    def c_type(self):
        return {
            "uint": "uint32_t",
            "sint": "int32_t",
            "float": "float",
            "bool": "bool",
            "address": "uint64_t",
            "enum": "enum lsgpu_%s" % (self.enum["name"].lower() if self.enum else ""),
        }[self.kind]

    def decl(self):
        suffix = "[%d]" % self.count if self.count > 1 else ""
        return "%s %s%s;" % (self.c_type(), self.name, suffix)

    def bits_text(self):
        if self.kind == "address":
            return "%d..%d" % (self.word, self.word + 1)
        if self.count > 1 and self.stride == 32:
            last = self.word + self.count - 1
            return "%d..%d [%s]" % (self.word, last, bit_range(self.start, self.size))
        if self.count > 1:
            return "%d [%s]" % (self.word, ", ".join(
                bit_range(self.element_bits(i)[1], self.size) for i in range(self.count)))
        return "%d [%s]" % (self.word, bit_range(self.start, self.size))


def bit_range(start, size):
    return "%d" % start if size == 1 else "%d..%d" % (start + size - 1, start)


def fail(owner, field, why):
    raise SystemExit("lsgpu_packets.yaml: %s.%s: %s" % (owner, field, why))


class Layout:
    """A packet payload or a descriptor."""

    def __init__(self, item, enums, is_packet):
        self.item = item
        self.name = item["name"]
        self.lname = item["name"].lower()
        self.doc = " ".join(item["doc"].split())
        self.is_packet = is_packet
        self.opcode = item.get("opcode")
        self.variable = item.get("variable_length", False)
        self.fields = [Field(self.name, f, enums) for f in item.get("fields", [])]
        self.used = {}
        for f in self.fields:
            for w, m in f.words_covered().items():
                if self.used.get(w, 0) & m:
                    fail(self.name, f.name, "overlaps another field in word %d" % w)
                self.used[w] = self.used.get(w, 0) | m
        self.length = max(self.used) + 1 if self.used else 0
        names = [f.name for f in self.fields]
        if len(set(names)) != len(names):
            fail(self.name, "?", "duplicate field names")


def load(path):
    with open(path) as f:
        spec = yaml.safe_load(f)
    enums = {e["name"]: e for e in spec.get("enums", [])}
    for e in spec.get("enums", []):
        for v in e["values"]:
            # YAML 1.1 reads OFF, ON, YES, NO as booleans: such names must be quoted.
            if not isinstance(v["name"], str):
                raise SystemExit("lsgpu_packets.yaml: %s: quote the name of value %d"
                                 % (e["name"], v["value"]))
    packets = [Layout(p, enums, True) for p in spec["packets"]]
    descriptors = [Layout(d, enums, False) for d in spec.get("descriptors", [])]
    return spec, packets, descriptors


# ----------------------------------------------------------------------------- header


def gen_header(spec, packets, descriptors, out):
    w = out.write
    # A fixed underlying type makes every 32-bit value representable, so an unpacked
    # out-of-table value is well defined until the validator rejects it.
    header_open(out, "gen_packets.py", "lsgpu_packets.yaml", "LSGPU_PACKETS_H",
                ["stdbool.h", "stdint.h", "stdio.h", "string.h"],
                "#define LSGPU_ENUM(name) enum name : uint32_t\n#define LSGPU_CONSTEXPR  constexpr\n"
                "#else\n#define LSGPU_ENUM(name) enum name\n#define LSGPU_CONSTEXPR\n")
    w("#define LSGPU_CMDSTREAM_VERSION %d\n\n" % spec["version"])
    for c in spec.get("constants", []):
        w("/* %s */\n#define LSGPU_%s 0x%xu\n" % (comment(c["doc"]), c["name"], c["value"]))
    w("\n")
    w("/* %s */\n" % comment(spec["header"]["doc"]))
    w("#define LSGPU_PKT_HEADER(op, len) (((uint32_t)(op) << 24) | ((uint32_t)(len) & 0xffffffu))\n")
    w("#define LSGPU_PKT_OPCODE(hdr)     ((uint32_t)(hdr) >> 24)\n")
    w("#define LSGPU_PKT_LENGTH(hdr)     ((uint32_t)(hdr) & 0xffffffu)\n")
    w("#define LSGPU_PKT_MAX_LENGTH      0xffffffu\n")
    fixed = [p.length for p in packets if not p.variable]
    w("/* Longest fixed-length payload, in words. */\n")
    w("#define LSGPU_PKT_MAX_FIXED_LENGTH %du\n\n" % max(fixed))

    gen_value_enum(w, "fault", "FAULT", "Job faults.", spec["faults"])
    w("static inline const char *\nlsgpu_fault_name(uint32_t v)\n{\n   switch (v) {\n")
    for f in spec["faults"]:
        w("   case %d:\n      return \"%s\";\n" % (f["value"], f["name"]))
    w("   default:\n      return NULL;\n   }\n}\n\n")

    w("LSGPU_ENUM(lsgpu_opcode) {\n")
    for p in packets:
        w("   LSGPU_OP_%s = 0x%02x,\n" % (p.name, p.opcode))
    w("};\n\n")

    for e in spec.get("enums", []):
        gen_value_enum(w, e["name"].lower(), e["name"], e["doc"], e["values"])
        ln = e["name"].lower()
        w("static inline LSGPU_CONSTEXPR const char *\nlsgpu_%s_name(uint32_t v)\n{\n   switch (v) {\n" % ln)
        for v in e["values"]:
            w("   case %d:\n      return \"%s\";\n" % (v["value"], v["name"]))
        w("   default:\n      return NULL;\n   }\n}\n\n")
        w("static inline LSGPU_CONSTEXPR bool\nlsgpu_%s_is_valid(uint32_t v)\n{\n   return lsgpu_%s_name(v) != NULL;\n}\n\n"
          % (ln, ln))
        w("/* The values of %s in order, for tools and fuzzers. */\n" % e["name"])
        w("static inline const uint32_t *\nlsgpu_%s_values(unsigned *count)\n{\n" % ln)
        w("   static const uint32_t values[] = {%s};\n" % ", ".join(str(v["value"]) for v in e["values"]))
        w("   *count = %d;\n   return values;\n}\n\n" % len(e["values"]))

    for e in spec.get("enums", []):
        if any("layout" in v for v in e["values"]):
            gen_layouts(w, e)
        if any("block" in v for v in e["values"]):
            gen_blocks(w, e)
        if any("bytes" in v for v in e["values"]):
            ln = e["name"].lower()
            w("/* Bytes of one element of a %s value, 0 for a value that is not one. */\n" % e["name"])
            w("static inline unsigned\nlsgpu_%s_bytes(uint32_t v)\n{\n   switch (v) {\n" % ln)
            for v in e["values"]:
                w("   case %d:\n      return %d;\n" % (v["value"], v["bytes"]))
            w("   default:\n      return 0;\n   }\n}\n\n")

    regs = spec["registers"]["list"]
    w("/* State registers: byte offsets, one 32-bit register each. */\n")
    w("LSGPU_ENUM(lsgpu_reg) {\n")
    for r in regs:
        w("   LSGPU_REG_%s = 0x%03x,\n" % (r["name"], r["offset"]))
    w("};\n")
    w("#define LSGPU_REG_FILE_SIZE 0x%x\n\n" % (max(r["offset"] for r in regs) + 4))
    w("static inline bool\nlsgpu_reg_is_valid(uint32_t reg)\n{\n   switch (reg) {\n")
    for r in regs:
        w("   case LSGPU_REG_%s:\n" % r["name"])
    w("      return true;\n   default:\n      return false;\n   }\n}\n\n")

    w("/* Payload length of an opcode: >= 0 fixed, -1 any length, -2 unknown opcode. */\n")
    w("static inline int\nlsgpu_packet_length(uint32_t opcode)\n{\n   switch (opcode) {\n")
    for p in packets:
        w("   case LSGPU_OP_%s:\n      return %d;\n" % (p.name, -1 if p.variable else p.length))
    w("   default:\n      return -2;\n   }\n}\n\n")

    w("static inline const char *\nlsgpu_opcode_name(uint32_t opcode)\n{\n   switch (opcode) {\n")
    for p in packets:
        w("   case LSGPU_OP_%s:\n      return \"%s\";\n" % (p.name, p.name))
    w("   default:\n      return \"UNKNOWN\";\n   }\n}\n\n")

    gen_field_info_types(w)
    for lay in packets + descriptors:
        if not lay.variable:
            gen_layout(w, lay, spec["registers"]["list"])
    gen_print_packet(w, packets)
    gen_layout_table(w, packets, descriptors)
    header_close(out, "LSGPU_PACKETS_H")


def gen_layouts(w, e):
    """The memory layout of each value of an enumeration of formats: channel widths and
    offsets from bit 0, bytes per element, and how the channels decode."""
    ln = e["name"].lower()
    w("struct lsgpu_%s_layout {\n" % ln)
    w("   uint8_t channels;\n   uint8_t bits[4], offset[4]; /* bits of channel c, from bit offset[c] */\n")
    w("   uint8_t bytes;\n   enum lsgpu_texel_kind kind;\n};\n\n")
    w("/* The layout of a %s value, NULL for a value that is not one. */\n" % e["name"])
    w("static inline const struct lsgpu_%s_layout *\nlsgpu_%s_get_layout(uint32_t v)\n{\n" % (ln, ln))
    w("   static const struct lsgpu_%s_layout layouts[] = {\n" % ln)
    top = max(v["value"] for v in e["values"])
    by_value = {v["value"]: v for v in e["values"]}
    for value in range(top + 1):
        v = by_value.get(value)
        if not v or "layout" not in v:
            w("      {0, {0, 0, 0, 0}, {0, 0, 0, 0}, 0, LSGPU_TEXEL_KIND_UNORM}, /* %d: none */\n" % value)
            continue
        bits = v["layout"]["bits"]
        if len(bits) > 4 or sum(bits) % 8:
            raise SystemExit("lsgpu_packets.yaml: %s_%s: bad layout" % (e["name"], v["name"]))
        offs, at = [], 0
        for b in bits:
            offs.append(at)
            at += b
        bits4 = bits + [0] * (4 - len(bits))
        offs4 = offs + [0] * (4 - len(offs))
        w("      {%d, {%s}, {%s}, %d, LSGPU_TEXEL_KIND_%s}, /* %s */\n" % (
            len(bits), ", ".join(map(str, bits4)), ", ".join(map(str, offs4)), at // 8,
            v["layout"]["kind"], v["name"]))
    w("   };\n")
    w("   return v <= %d && layouts[v].channels ? &layouts[v] : NULL;\n}\n\n" % top)


def gen_blocks(w, e):
    """The block of each block-compressed value of an enumeration of formats: its
    texel footprint, bytes, the codec that decodes it and how the decoded channels
    read (TEXEL_KIND)."""
    ln = e["name"].lower()
    w("struct lsgpu_%s_block {\n" % ln)
    w("   uint8_t width, height; /* texels of one block */\n")
    w("   uint8_t bytes, channels;\n   enum lsgpu_tex_codec codec;\n   enum lsgpu_texel_kind kind;\n};\n\n")
    w("/* The block of a compressed %s value, NULL for any other value. */\n" % e["name"])
    w("static inline const struct lsgpu_%s_block *\nlsgpu_%s_get_block(uint32_t v)\n{\n" % (ln, ln))
    w("   switch (v) {\n")
    for v in e["values"]:
        if "block" not in v:
            continue
        b = v["block"]
        if "layout" in v or b["bytes"] not in (8, 16):
            raise SystemExit("lsgpu_packets.yaml: %s_%s: bad block" % (e["name"], v["name"]))
        w("   case %d: {\n      static const struct lsgpu_%s_block b = {4, 4, %d, %d, LSGPU_TEX_CODEC_%s, "
          "LSGPU_TEXEL_KIND_%s};\n      return &b;\n   }\n" % (
              v["value"], ln, b["bytes"], b["channels"], b["codec"], b["kind"]))
    w("   default:\n      return NULL;\n   }\n}\n\n")


def gen_value_enum(w, lname, prefix, doc, values):
    w("/* %s */\nLSGPU_ENUM(lsgpu_%s) {\n" % (comment(doc), lname))
    for v in values:
        w("   LSGPU_%s_%s = %d, /* %s */\n" % (prefix, v["name"], v["value"], comment(v["doc"])))
    w("};\n\n")


def gen_field_info_types(w):
    w("""/* A field's place and type, for code that walks layouts generically (the fuzzers'
 * field mutators, the round-trip test). Element i of an array starts at bit
 * word * 32 + start + i * stride; addresses are two whole words. */
enum lsgpu_field_kind {
   LSGPU_FIELD_UINT,
   LSGPU_FIELD_SINT,
   LSGPU_FIELD_FLOAT,
   LSGPU_FIELD_BOOL,
   LSGPU_FIELD_ENUM,
   LSGPU_FIELD_ADDRESS,
};

struct lsgpu_field_info {
   const char *name;
   enum lsgpu_field_kind kind;
   uint16_t word, start, size, count, stride;
   /* Constraints: the validator accepts min <= v <= max, one of values (when
    * num_values), a multiple of align, and for enums a value of the table. */
   uint32_t min, max, align;
   const uint32_t *values;
   unsigned num_values;
   bool is_register;
};

/* The raw bits of element i of a field (addresses: both words). */
static inline uint64_t
lsgpu_field_get(const uint32_t *dw, const struct lsgpu_field_info *f, unsigned i)
{
   if (f->kind == LSGPU_FIELD_ADDRESS)
      return (uint64_t)dw[f->word] | (uint64_t)dw[f->word + 1] << 32;
   const unsigned bit = f->word * 32u + f->start + i * f->stride;
   const uint32_t mask = f->size < 32 ? (1u << f->size) - 1 : 0xffffffffu;
   return (dw[bit / 32] >> (bit % 32)) & mask;
}

/* Replaces the raw bits of element i of a field; other bits keep their values. */
static inline void
lsgpu_field_set(uint32_t *dw, const struct lsgpu_field_info *f, unsigned i, uint64_t v)
{
   if (f->kind == LSGPU_FIELD_ADDRESS) {
      dw[f->word] = (uint32_t)v;
      dw[f->word + 1] = (uint32_t)(v >> 32);
      return;
   }
   const unsigned bit = f->word * 32u + f->start + i * f->stride;
   const uint32_t mask = f->size < 32 ? (1u << f->size) - 1 : 0xffffffffu;
   dw[bit / 32] = (dw[bit / 32] & ~(mask << (bit % 32))) | ((uint32_t)v & mask) << (bit % 32);
}

/* The field of that name among count fields, or NULL. */
static inline const struct lsgpu_field_info *
lsgpu_field_find(const struct lsgpu_field_info *fields, unsigned count, const char *name)
{
   for (unsigned i = 0; i < count; i++)
      if (strcmp(fields[i].name, name) == 0)
         return &fields[i];
   return NULL;
}

""")


def field_kind(f):
    return "LSGPU_FIELD_" + f.kind.upper()


def gen_layout(w, lay, registers):
    n, name = lay.lname, lay.name
    what = "%s (0x%02x)" % (name, lay.opcode) if lay.is_packet else "Descriptor " + name
    w("/* %s: %s */\n" % (what, comment(lay.doc)))
    w("struct lsgpu_%s {\n" % n)
    for f in lay.fields:
        w("   %s /* %s */\n" % (f.decl(), comment(f.doc)))
    w("};\n#define LSGPU_%s_LENGTH %du\n" % (name, lay.length))
    if not lay.is_packet:
        w("#define LSGPU_%s_ALIGN %du\n" % (name, lay.item.get("align", 4)))
    for f in lay.fields:
        # The word a field starts in, for readers of descriptors in memory (the
        # compiler's texture size queries); packets count from the word after the header.
        w("#define LSGPU_%s_%s_WORD %du\n" % (name, f.name.upper(), f.word))
        for bound in ("min", "max"):
            if bound in f.f:
                w("#define LSGPU_%s_%s_%s %du\n" % (name, f.name.upper(), bound.upper(), f.f[bound]))
    w("\n")

    first = 1 if lay.is_packet else 0
    if lay.is_packet:
        w("/* Writes the whole packet, header included: 1 + LSGPU_%s_LENGTH words, reserved\n"
          " * bits zero. */\n" % name)
    else:
        w("/* Writes LSGPU_%s_LENGTH words, reserved bits zero. */\n" % name)
    w("static inline void\nlsgpu_pack_%s(uint32_t *dw, const struct lsgpu_%s *p)\n{\n" % (n, n))
    if lay.length:
        w("   memset(&dw[%d], 0, %du);\n" % (first, lay.length * 4))
    if lay.is_packet:
        w("   dw[0] = LSGPU_PKT_HEADER(LSGPU_OP_%s, LSGPU_%s_LENGTH);\n" % (name, name))
    for f in lay.fields:
        gen_pack_field(w, f, first)
    if not lay.fields:
        w("   (void)p;\n")
    w("}\n\n")

    w("/* Reads the payload (packets: the words after the header). */\n")
    w("static inline void\nlsgpu_unpack_%s(const uint32_t *dw, struct lsgpu_%s *p)\n{\n" % (n, n))
    for f in lay.fields:
        gen_unpack_field(w, f)
    if not lay.fields:
        w("   (void)dw;\n   (void)p;\n")
    w("}\n\n")

    gen_validate(w, lay)

    w("/* Unpacks and validates: reserved bits must be zero, each field in its range. */\n")
    w("static inline enum lsgpu_fault\nlsgpu_decode_%s(const uint32_t *dw, struct lsgpu_%s *p)\n{\n" % (n, n))
    for word in sorted(lay.used):
        if lay.used[word] != 0xFFFFFFFF:
            w("   if (dw[%d] & 0x%08xu)\n      return LSGPU_FAULT_BAD_ARGUMENT;\n"
              % (word, ~lay.used[word] & 0xFFFFFFFF))
    w("   lsgpu_unpack_%s(dw, p);\n   return lsgpu_validate_%s(p);\n}\n\n" % (n, n))

    gen_print(w, lay)
    gen_field_table(w, lay, registers)


def element_refs(f):
    """(C expression, word, start) for each element."""
    out = []
    for i in range(f.count):
        ref = "p->%s[%d]" % (f.name, i) if f.count > 1 else "p->" + f.name
        wd, s = f.element_bits(i)
        out.append((ref, wd, s))
    return out


def gen_pack_field(w, f, first):
    for ref, wd, s in element_refs(f):
        wd += first
        if f.kind == "address":
            w("   dw[%d] = (uint32_t)%s;\n   dw[%d] = (uint32_t)(%s >> 32);\n" % (wd, ref, wd + 1, ref))
        elif f.kind == "float":
            w("   memcpy(&dw[%d], &%s, 4);\n" % (wd, ref))
        else:
            val = "(uint32_t)%s" % ref
            if f.size < 32:
                val = "(%s & 0x%xu)" % (val, f.mask())
            if s:
                val = "%s << %d" % (val, s)
            w("   dw[%d] |= %s;\n" % (wd, val))


def gen_unpack_field(w, f):
    for ref, wd, s in element_refs(f):
        if f.kind == "address":
            w("   %s = (uint64_t)dw[%d] | (uint64_t)dw[%d] << 32;\n" % (ref, wd, wd + 1))
            continue
        if f.kind == "float":
            w("   memcpy(&%s, &dw[%d], 4);\n" % (ref, wd))
            continue
        raw = "dw[%d]" % wd
        if s:
            raw = "(%s >> %d)" % (raw, s)
        if f.size < 32:
            raw = "(%s & 0x%xu)" % (raw, f.mask())
        if f.kind == "bool":
            w("   %s = %s != 0;\n" % (ref, raw))
        elif f.kind == "sint" and f.size < 32:
            shift = 32 - f.size
            w("   %s = (int32_t)((uint32_t)%s << %d) >> %d;\n" % (ref, raw, shift, shift))
        else:
            w("   %s = (%s)%s;\n" % (ref, f.c_type(), raw))


def gen_validate(w, lay):
    n = lay.lname
    w("/* Checks each field against its type and constraints; rules that involve several\n"
      " * fields are the unit's. */\n")
    w("static inline enum lsgpu_fault\nlsgpu_validate_%s(const struct lsgpu_%s *p)\n{\n" % (n, n))
    checks = 0
    for f in lay.fields:
        for ref, _, _ in element_refs(f):
            conds = []
            v = "(uint64_t)" + ref if f.kind == "address" else "(uint32_t)" + ref
            if f.enum:
                conds.append("!lsgpu_%s_is_valid(%s)" % (f.enum["name"].lower(), v))
            if "min" in f.f and f.f["min"] > 0:
                conds.append("%s < %du" % (v, f.f["min"]))
            if "max" in f.f:
                conds.append("%s > %du" % (v, f.f["max"]))
            if "values" in f.f:
                conds.append("(" + " && ".join("%s != %du" % (v, x) for x in f.f["values"]) + ")")
            if "align" in f.f:
                conds.append("(%s & %du)" % (v, f.f["align"] - 1))
            if f.f.get("register"):
                conds.append("!lsgpu_reg_is_valid(%s)" % v)
            if conds:
                w("   if (%s)\n      return LSGPU_FAULT_BAD_ARGUMENT;\n" % " ||\n       ".join(conds))
                checks += 1
    if not checks:
        w("   (void)p;\n")
    w("   return LSGPU_FAULT_NONE;\n}\n\n")


def gen_print(w, lay):
    n = lay.lname
    w("/* One line per field, each starting with indent; enum values by name. */\n")
    w("static inline void\nlsgpu_print_%s(FILE *fp, const struct lsgpu_%s *p, const char *indent)\n{\n"
      % (n, n))
    for f in lay.fields:
        w("   fprintf(fp, \"%%s%s:\", indent);\n" % f.name)
        for ref, _, _ in element_refs(f):
            if f.kind == "address":
                w("   fprintf(fp, \" 0x%%llx\", (unsigned long long)%s);\n" % ref)
            elif f.kind == "float":
                w("   fprintf(fp, \" %%g\", (double)%s);\n" % ref)
            elif f.kind == "bool":
                w("   fprintf(fp, \" %%s\", %s ? \"true\" : \"false\");\n" % ref)
            elif f.kind == "enum":
                en = f.enum["name"].lower()
                w("   if (lsgpu_%s_name((uint32_t)%s))\n" % (en, ref))
                w("      fprintf(fp, \" %%s\", lsgpu_%s_name((uint32_t)%s));\n" % (en, ref))
                w("   else\n      fprintf(fp, \" (invalid %%u)\", (unsigned)%s);\n" % ref)
            elif f.kind == "sint":
                w("   fprintf(fp, \" %%d\", (int)%s);\n" % ref)
            else:
                fmt = "0x%x" if f.hex else "%u"
                w("   fprintf(fp, \" %s\", (unsigned)%s);\n" % (fmt, ref))
        w("   fprintf(fp, \"\\n\");\n")
    if not lay.fields:
        w("   (void)fp;\n   (void)p;\n   (void)indent;\n")
    w("}\n\n")


def gen_field_table(w, lay, registers):
    n = lay.lname
    w("static inline const struct lsgpu_field_info *\nlsgpu_%s_fields(unsigned *count)\n{\n" % n)
    def allowed(f):
        if f.f.get("register"):
            return [r["offset"] for r in registers]
        if f.enum:
            return [v["value"] for v in f.enum["values"]
                    if v["value"] <= f.f.get("max", v["value"])]
        return f.f.get("values")

    for f in lay.fields:
        if allowed(f):
            w("   static const uint32_t %s_values[] = {%s};\n"
              % (f.name, ", ".join(str(x) for x in allowed(f))))
    w("   static const struct lsgpu_field_info fields[] = {\n")
    for f in lay.fields:
        values = "%s_values" % f.name if allowed(f) else "NULL"
        nvalues = len(allowed(f)) if allowed(f) else 0
        hi = (1 << f.size) - 1 if f.size < 32 else 0xFFFFFFFF
        w("      {\"%s\", %s, %d, %d, %d, %d, %d, %du, %du, %du, %s, %d, %s},\n"
          % (f.name, field_kind(f), f.word, f.start, f.size, f.count, f.stride,
             f.f.get("min", 0), min(f.f.get("max", hi), hi), f.f.get("align", 1), values, nvalues,
             "true" if f.f.get("register") else "false"))
    if not lay.fields:
        w("      {NULL, LSGPU_FIELD_UINT, 0, 0, 0, 0, 0, 0, 0, 0, NULL, 0, false},\n")
    w("   };\n   *count = %d;\n   return fields;\n}\n\n" % len(lay.fields))


def gen_print_packet(w, packets):
    w("""/* Prints the packet at dw (avail words from there) with its fields, and returns the
 * words it spans (at least 1, at most avail). indent starts every line. */
static inline size_t
lsgpu_print_packet(FILE *fp, const uint32_t *dw, size_t avail, const char *indent)
{
   const uint32_t opcode = LSGPU_PKT_OPCODE(dw[0]), len = LSGPU_PKT_LENGTH(dw[0]);
   const int expected = lsgpu_packet_length(opcode);
   fprintf(fp, "%s%s (0x%02x), %u words", indent, lsgpu_opcode_name(opcode), opcode, len);
   if (len > avail - 1) {
      fprintf(fp, ": truncated, %zu words left\\n", avail - 1);
      return avail;
   }
   if (expected == -2 || (expected >= 0 && len != (uint32_t)expected)) {
      fprintf(fp, ": %s\\n", expected == -2 ? "unknown opcode" : "wrong length");
      return 1 + len;
   }
   fprintf(fp, "\\n");
   char inner[64];
   snprintf(inner, sizeof(inner), "%s   ", indent);
   switch (opcode) {
""")
    for p in packets:
        if p.variable:
            continue
        w("   case LSGPU_OP_%s: {\n      struct lsgpu_%s p;\n" % (p.name, p.lname))
        w("      lsgpu_unpack_%s(dw + 1, &p);\n      lsgpu_print_%s(fp, &p, inner);\n      break;\n   }\n"
          % (p.lname, p.lname))
    w("   default:\n      break;\n   }\n   return 1 + len;\n}\n\n")


def gen_layout_table(w, packets, descriptors):
    w("""/* Every fixed layout, for code that treats them alike (the round-trip test, tools).
 * opcode is -1 for descriptors; the functions take the struct as void *. */
struct lsgpu_layout_info {
   const char *name;
   int opcode;
   unsigned length;
   size_t struct_size;
   const struct lsgpu_field_info *(*fields)(unsigned *count);
   void (*pack)(uint32_t *dw, const void *p);     /* payload only, reserved bits zero */
   void (*unpack)(const uint32_t *dw, void *p);
   enum lsgpu_fault (*decode)(const uint32_t *dw, void *p);
   void (*print)(FILE *fp, const void *p, const char *indent);
};

""")
    lays = [l for l in packets + descriptors if not l.variable]
    for l in lays:
        w("static inline void\nlsgpu_layout_pack_%s(uint32_t *dw, const void *p)\n{\n" % l.lname)
        if l.is_packet:
            w("   uint32_t all[1 + LSGPU_%s_LENGTH];\n" % l.name)
            w("   lsgpu_pack_%s(all, (const struct lsgpu_%s *)p);\n" % (l.lname, l.lname))
            w("   memcpy(dw, all + 1, sizeof(all) - 4);\n}\n")
        else:
            w("   lsgpu_pack_%s(dw, (const struct lsgpu_%s *)p);\n}\n" % (l.lname, l.lname))
        w("static inline void\nlsgpu_layout_unpack_%s(const uint32_t *dw, void *p)\n{\n" % l.lname)
        w("   lsgpu_unpack_%s(dw, (struct lsgpu_%s *)p);\n}\n" % (l.lname, l.lname))
        w("static inline enum lsgpu_fault\nlsgpu_layout_decode_%s(const uint32_t *dw, void *p)\n{\n" % l.lname)
        w("   return lsgpu_decode_%s(dw, (struct lsgpu_%s *)p);\n}\n" % (l.lname, l.lname))
        w("static inline void\nlsgpu_layout_print_%s(FILE *fp, const void *p, const char *indent)\n{\n"
          % l.lname)
        w("   lsgpu_print_%s(fp, (const struct lsgpu_%s *)p, indent);\n}\n\n" % (l.lname, l.lname))
    w("static inline const struct lsgpu_layout_info *\nlsgpu_layouts(unsigned *count)\n{\n")
    w("   static const struct lsgpu_layout_info layouts[] = {\n")
    for l in lays:
        w("      {\"%s\", %d, LSGPU_%s_LENGTH, sizeof(struct lsgpu_%s), lsgpu_%s_fields,\n"
          "       lsgpu_layout_pack_%s, lsgpu_layout_unpack_%s, lsgpu_layout_decode_%s,\n"
          "       lsgpu_layout_print_%s},\n"
          % (l.name, l.opcode if l.is_packet else -1, l.name, l.lname, l.lname, l.lname, l.lname,
             l.lname, l.lname))
    w("   };\n   *count = %d;\n   return layouts;\n}\n\n" % len(lays))


# ----------------------------------------------------------------------------- docs


def constraints(f):
    c = []
    if f.enum:
        c.append("enum `%s`" % f.enum["name"])
    if "min" in f.f or "max" in f.f:
        c.append("%s..%s" % (f.f.get("min", 0), f.f.get("max", "")))
    if "values" in f.f:
        c.append("one of " + ", ".join(str(v) for v in f.f["values"]))
    if "align" in f.f:
        c.append("multiple of %d" % f.f["align"])
    if f.f.get("register"):
        c.append("a defined register")
    return "; ".join(c)


def type_text(f):
    t = f.f["type"] if not f.enum else "enum"
    if f.kind in ("uint", "sint", "enum") and f.size != 32:
        t += " %d" % f.size
    if f.count > 1:
        t += " ×%d" % f.count
    return t


def gen_doc(spec, packets, descriptors, out):
    w = out.write
    w("# LSGPU-1 command-stream reference\n\n")
    w("<!-- Generated by src/hw/gen_packets.py from src/hw/lsgpu_packets.yaml; the\n")
    w("     `sim` test suite fails when this file and the YAML disagree. -->\n\n")
    w("Command-stream version: **%d** (`LSGPU_PARAM_CMDSTREAM_VERSION`). " % spec["version"])
    w("See `docs/command-stream.md` for how jobs execute.\n\n")
    w("Words are little-endian 32-bit; a field occupies bits hi..lo of its word. Bits no\n"
      "field covers are reserved: they must be zero, and a packet or descriptor with a\n"
      "reserved bit set faults `BAD_ARGUMENT`, as does an enumerated field holding a value\n"
      "its table does not list.\n\n")
    w("## Header\n\n%s\n\n" % spec["header"]["doc"])
    if spec.get("constants"):
        w("## Constants\n\n| name | value | meaning |\n|---|---|---|\n")
        for c in spec["constants"]:
            w("| `LSGPU_%s` | 0x%x | %s |\n" % (c["name"], c["value"], c["doc"]))
        w("\n")
    w("## Faults\n\n| value | fault | meaning |\n|---|---|---|\n")
    for f in spec["faults"]:
        w("| %d | `LSGPU_FAULT_%s` | %s |\n" % (f["value"], f["name"], f["doc"]))
    w("\n## Registers\n\n%s\n\n| offset | register | meaning |\n|---|---|---|\n"
      % one_line(spec["registers"]["doc"]))
    for r in spec["registers"]["list"]:
        w("| 0x%03x | `LSGPU_REG_%s` | %s |\n" % (r["offset"], r["name"], r["doc"]))
    w("\n## Packets\n\n| opcode | packet | payload words |\n|---|---|---|\n")
    for p in packets:
        n = "any" if p.variable else str(p.length)
        w("| 0x%02x | [`%s`](#%s) | %s |\n" % (p.opcode, p.name, p.lname, n))
    for p in packets:
        w("\n### %s\n\nOpcode 0x%02x. %s\n" % (p.name, p.opcode, p.doc))
        if not p.variable:
            gen_doc_fields(w, p, 1)
    w("\n## Enumerations\n")
    for e in spec.get("enums", []):
        has_layout = any("layout" in v for v in e["values"])
        has_bytes = any("bytes" in v for v in e["values"])
        w("\n### %s\n\n%s\n\n" % (e["name"], one_line(e["doc"])))
        if has_bytes:
            w("| value | name | bytes | meaning |\n|---|---|---|---|\n")
        elif has_layout:
            w("| value | name | layout (bits from bit 0) | meaning |\n|---|---|---|---|\n")
        else:
            w("| value | name | meaning |\n|---|---|---|\n")
        for v in e["values"]:
            layout = ""
            if has_bytes:
                layout = "%d | " % v["bytes"]
            elif has_layout and "layout" in v:
                layout = "%s %s | " % (v["layout"]["kind"].lower(), ":".join(map(str, v["layout"]["bits"])))
            elif has_layout and "block" in v:
                b = v["block"]
                layout = "%s 4×4 block, %d bytes, %s | " % (b["codec"].lower(), b["bytes"], b["kind"].lower())
            elif has_layout:
                layout = " | "
            w("| %d | `LSGPU_%s_%s` | %s%s |\n" % (v["value"], e["name"], v["name"], layout, v["doc"]))
    w("\n## Descriptors\n\nStructures in memory that packets point at, little-endian words.\n")
    w("\n| descriptor | words | alignment (bytes) |\n|---|---|---|\n")
    for d in descriptors:
        w("| [`%s`](#%s) | %d | %d |\n" % (d.name, d.lname, d.length, d.item.get("align", 4)))
    for d in descriptors:
        w("\n### %s\n\n%s\n" % (d.name, d.doc))
        gen_doc_fields(w, d, 0)


def gen_doc_fields(w, lay, first):
    """A table of fields by word and bits; first is the word number of payload word 0."""
    w("\n| word [bits] | field | type | constraint | meaning |\n|---|---|---|---|---|\n")
    for f in sorted(lay.fields, key=lambda f: (f.word, f.start)):
        bits = f.bits_text()
        if first:
            # Packets count the header as word 0.
            head, _, rest = bits.partition(" ")
            nums = [str(int(x) + first) for x in head.split("..")]
            bits = "..".join(nums) + (" " + rest if rest else "")
        w("| %s | `%s` | %s | %s | %s |\n" % (bits, f.name, type_text(f), constraints(f), f.doc))


def main():
    args = arg_parser("header", "doc").parse_args()
    spec, packets, descriptors = load(args.yaml)
    write_outputs(args, {
        "header": lambda out: gen_header(spec, packets, descriptors, out),
        "doc": lambda out: gen_doc(spec, packets, descriptors, out),
    })


if __name__ == "__main__":
    main()
