#!/usr/bin/python3
"""Generates the LSGPU-1 shader ISA interface from lsgpu_isa.yaml.

usage: gen_isa.py YAML --header OUT.h
       gen_isa.py YAML --asm OUT.inc
       gen_isa.py YAML --doc ISA.md [--check]

The header gives the compiler its Xlsgpu encodings and `.insn` templates, the
simulator and the disassembler one decoder table, both the timing model, and every
component the ABI constants and the counter list. --doc rewrites the generated tables
of docs/isa.md (between `<!-- generated: NAME -->` and `<!-- end generated -->`);
with --check it only reports whether they are current (exit 1 if not).
"""
import re
import sys

import yaml

# The source tree stays clean of __pycache__ whoever runs us (meson, tests, people).
sys.dont_write_bytecode = True
from gen_common import arg_parser, comment, header_close, header_open, write_outputs


def load(path):
    with open(path) as f:
        spec = yaml.safe_load(f)
    opcodes = {o["name"]: o["value"] for o in spec["opcodes"]}
    enums = {e["name"]: e for e in spec["enums"]}
    ops = []
    for g in spec["groups"]:
        for op in g["ops"]:
            operands = dict(g["operands"])
            operands.update(op.get("operands", {}))
            ops.append({
                "name": op["name"],
                "mnemonic": op.get("mnemonic", "lsgpu." + op["name"]),
                "group": g,
                "opcode": opcodes[g["opcode"]],
                "funct3": g["funct3"],
                "funct7": op.get("funct7", 0),
                "form": g["form"],
                "operands": operands,
                "cycles": op["cycles"],
                "doc": op["doc"],
            })
    seen = set()
    for op in ops:
        key = (op["opcode"], op["funct3"], op["funct7"] if op["form"] == "r" else None)
        if key in seen and not op["group"].get("funct7_fields"):
            raise SystemExit("lsgpu_isa.yaml: %s: encoding used twice" % op["name"])
        seen.add(key)
    return spec, opcodes, enums, ops


def c_id(name):
    return re.sub(r"[^A-Za-z0-9]", "_", name).upper()


def operand_code(spec):
    """-1: an x register of the program's choice, -2: an f register, n >= 0: fixed
    register n of the file its name says."""
    if spec == "x":
        return -1, "x"
    if spec == "f":
        return -2, "f"
    m = re.fullmatch(r"([xf])(\d+)", spec)
    if not m:
        raise SystemExit("lsgpu_isa.yaml: bad operand %r" % spec)
    return int(m.group(2)), m.group(1)


# ----------------------------------------------------------------------------- header


def gen_header(spec, enums, ops, out):
    w = out.write
    header_open(out, "gen_isa.py", "lsgpu_isa.yaml", "LSGPU_ISA_H",
                ["stdbool.h", "stddef.h", "stdint.h", "stdio.h"])
    w("#define LSGPU_ISA_VERSION %d\n\n" % spec["version"])
    for o in spec["opcodes"]:
        w("/* %s */\n#define LSGPU_OPCODE_%s 0x%02xu\n" % (comment(o["doc"]), o["name"], o["value"]))
    w("\n")

    for e in spec["enums"]:
        w("/* %s */\nenum lsgpu_%s {\n" % (comment(e["doc"]), e["name"].lower()))
        for v in e["values"]:
            w("   LSGPU_%s_%s = %d, /* %s */\n" % (e["name"], v["name"], v["value"], comment(v["doc"])))
        w("};\n#define LSGPU_%s_COUNT %d\n\n" % (e["name"], len(e["values"])))

    for g in spec["groups"]:
        w("/* Group %s: opcode %s, funct3 %d. */\n" % (g["name"], g["opcode"], g["funct3"]))
        w("#define LSGPU_%s_FUNCT3 %du\n" % (g["name"], g["funct3"]))
        if g["form"] == "r" and not g.get("funct7_fields"):
            w("enum lsgpu_%s_op {\n" % g["name"].lower())
            for op in g["ops"]:
                w("   LSGPU_%s_%s = %d,\n" % (g["name"], c_id(op["name"]), op["funct7"]))
            w("};\n#define LSGPU_%s_COUNT %d\n" % (g["name"], len(g["ops"])))
        w("\n")

    tex = next(g for g in spec["groups"] if g.get("funct7_fields"))
    mask = 0
    for f in tex["funct7_fields"]:
        mask |= ((1 << f["size"]) - 1) << f["start"]
        w("#define LSGPU_%s_FUNCT7_%s_SHIFT %d\n" % (tex["name"], f["name"].upper(), f["start"]))
        w("#define LSGPU_%s_FUNCT7_%s_MASK 0x%xu\n" % (tex["name"], f["name"].upper(),
                                                        ((1 << f["size"]) - 1) << f["start"]))
    w("#define LSGPU_%s_FUNCT7_MASK 0x%xu\n\n" % (tex["name"], mask))
    flags = [f for f in tex["funct7_fields"] if "enum" not in f]
    w("/* funct7 of lsgpu.tex from its fields, and back. */\n")
    w("static inline uint32_t\nlsgpu_tex_funct7(enum lsgpu_tex_lod lod%s)\n{\n"
      % "".join(", bool %s" % f["name"] for f in flags))
    w("   return ((uint32_t)lod << LSGPU_TEX_FUNCT7_LOD_SHIFT & LSGPU_TEX_FUNCT7_LOD_MASK)")
    for f in flags:
        w(" |\n          (%s ? LSGPU_TEX_FUNCT7_%s_MASK : 0u)" % (f["name"], f["name"].upper()))
    w(";\n}\n\n")
    w("static inline enum lsgpu_tex_lod\nlsgpu_tex_funct7_lod(uint32_t funct7)\n{\n")
    w("   return (enum lsgpu_tex_lod)((funct7 & LSGPU_TEX_FUNCT7_LOD_MASK) >> LSGPU_TEX_FUNCT7_LOD_SHIFT);\n}\n\n")
    for f in flags:
        w("static inline bool\nlsgpu_tex_funct7_%s(uint32_t funct7)\n{\n" % f["name"])
        w("   return (funct7 & LSGPU_TEX_FUNCT7_%s_MASK) != 0;\n}\n\n" % f["name"].upper())

    w("/* Instruction groups (one opcode and funct3 each). */\nenum lsgpu_xgroup {\n")
    for g in spec["groups"]:
        w("   LSGPU_XGROUP_%s,\n" % g["name"])
    w("};\n\n")
    w("/* Every Xlsgpu instruction. */\nenum lsgpu_xop {\n")
    for op in ops:
        w("   LSGPU_XOP_%s,\n" % c_id(op["name"]))
    w("   LSGPU_XOP_COUNT\n};\n\n")

    w("""/* An operand: LSGPU_OPND_X / LSGPU_OPND_F, a register of the program's choice in
 * that file, or a fixed register (file in the *_file member, number >= 0). */
#define LSGPU_OPND_X (-1)
#define LSGPU_OPND_F (-2)

struct lsgpu_xop_info {
   const char *mnemonic;
   enum lsgpu_xgroup group;
   uint8_t opcode, funct3, funct7;
   char form;                    /* 'r' or 'i' */
   int8_t rd, rs1, rs2;          /* LSGPU_OPND_* or a fixed register */
   char rd_file, rs1_file, rs2_file; /* 'x' or 'f' */
   uint8_t cycles;               /* timing model: cycles beyond the issue cycle */
};

static inline const struct lsgpu_xop_info *
lsgpu_xop_describe(enum lsgpu_xop op)
{
   static const struct lsgpu_xop_info info[LSGPU_XOP_COUNT] = {
""")
    for op in ops:
        o = op["operands"]
        codes = [operand_code(o.get(k, "x0")) for k in ("rd", "rs1", "rs2")]
        w("      {\"%s\", LSGPU_XGROUP_%s, 0x%02x, %d, %d, '%s', %d, %d, %d, '%s', '%s', '%s', %d},\n"
          % (op["mnemonic"], op["group"]["name"], op["opcode"], op["funct3"], op["funct7"], op["form"],
             codes[0][0], codes[1][0], codes[2][0], codes[0][1], codes[1][1], codes[2][1], op["cycles"]))
    w("   };\n   return (unsigned)op < LSGPU_XOP_COUNT ? &info[op] : NULL;\n}\n\n")

    w("""static inline bool
lsgpu_is_xlsgpu(uint32_t w)
{
   return (w & 0x7fu) == LSGPU_OPCODE_CUSTOM0 || (w & 0x7fu) == LSGPU_OPCODE_CUSTOM1;
}

static inline bool
lsgpu_xop_operand_ok(int8_t spec, uint32_t reg)
{
   return spec < 0 || reg == (uint32_t)spec;
}

/* The Xlsgpu instruction a word encodes, or -1 (not Xlsgpu, or an encoding docs/isa.md
 * does not define: illegal instruction). *sub gets the funct7 (R form) or the
 * immediate (I form). */
static inline int
lsgpu_xlsgpu_decode(uint32_t w, uint32_t *sub)
{
   const uint32_t opcode = w & 0x7fu, rd = (w >> 7) & 31u, f3 = (w >> 12) & 7u,
                  rs1 = (w >> 15) & 31u, rs2 = (w >> 20) & 31u, f7 = w >> 25;
   for (int op = 0; op < LSGPU_XOP_COUNT; op++) {
      const struct lsgpu_xop_info *i = lsgpu_xop_describe((enum lsgpu_xop)op);
      if (opcode != i->opcode || f3 != i->funct3 || !lsgpu_xop_operand_ok(i->rd, rd) ||
          !lsgpu_xop_operand_ok(i->rs1, rs1))
         continue;
""")
    w("      if (i->form == 'i') {\n")
    for op in ops:
        if op["form"] == "i":
            table = op["group"]["imm"]
            w("         if (op == LSGPU_XOP_%s && (w >> 20) >= LSGPU_%s_COUNT)\n            return -1;\n"
              % (c_id(op["name"]), table))
    w("         *sub = w >> 20;\n         return op;\n      }\n")
    w("      if (!lsgpu_xop_operand_ok(i->rs2, rs2))\n         continue;\n")
    for op in ops:
        if op["group"].get("funct7_fields"):
            w("      if (op == LSGPU_XOP_%s) {\n" % c_id(op["name"]))
            w("         if (f7 & ~LSGPU_%s_FUNCT7_MASK)\n            return -1;\n" % op["group"]["name"])
            w("         *sub = f7;\n         return op;\n      }\n")
    w("      if (f7 == i->funct7) {\n         *sub = f7;\n         return op;\n      }\n")
    w("   }\n   return -1;\n}\n\n")

    w("""static inline const char *
lsgpu_xop_fixed_reg(char file, int8_t reg, char *buf)
{
   snprintf(buf, 8, "%c%d", file, reg);
   return buf;
}

/* The `.insn` directive of an Xlsgpu instruction for LLVM's assembler (inline asm):
 * rd, rs1, rs2 are the asm operands ("$0") of the operands the program chooses; fixed
 * ones are filled in. sub is the immediate (I form) or the funct7 of instructions
 * whose funct7 holds fields (lsgpu.tex); other ops have their own funct7. */
static inline void
lsgpu_xlsgpu_insn(char *buf, size_t size, enum lsgpu_xop op, uint32_t sub, const char *rd,
                  const char *rs1, const char *rs2)
{
   const struct lsgpu_xop_info *i = lsgpu_xop_describe(op);
   char frd[8], frs1[8], frs2[8];
   if (i->rd >= 0)
      rd = lsgpu_xop_fixed_reg(i->rd_file, i->rd, frd);
   if (i->rs1 >= 0)
      rs1 = lsgpu_xop_fixed_reg(i->rs1_file, i->rs1, frs1);
   if (i->rs2 >= 0)
      rs2 = lsgpu_xop_fixed_reg(i->rs2_file, i->rs2, frs2);
   /* An operand the program may choose but passes as "": register 0 of its file. */
   if (!*rd)
      rd = i->rd_file == 'f' ? "f0" : "x0";
   if (!*rs1)
      rs1 = i->rs1_file == 'f' ? "f0" : "x0";
   if (!*rs2)
      rs2 = i->rs2_file == 'f' ? "f0" : "x0";
   if (i->form == 'i')
      snprintf(buf, size, ".insn i 0x%02x, %u, %s, %s, %u", i->opcode, i->funct3, rd, rs1, sub);
   else
      snprintf(buf, size, ".insn r 0x%02x, %u, %u, %s, %s, %s", i->opcode, i->funct3,
""")
    fields_ops = [c_id(op["name"]) for op in ops if op["group"].get("funct7_fields")]
    cond = " || ".join("op == LSGPU_XOP_%s" % n for n in fields_ops) or "false"
    w("               (%s) ? sub : i->funct7, rd, rs1, rs2);\n}\n\n" % cond)

    w("""/* Prints an Xlsgpu instruction word by name ("lsgpu.rcp f3, f4"); false if the word
 * is not a defined Xlsgpu instruction. */
static inline bool
lsgpu_xlsgpu_disasm(uint32_t w, char *buf, size_t size)
{
   uint32_t sub;
   const int op = lsgpu_xlsgpu_decode(w, &sub);
   if (op < 0)
      return false;
   const struct lsgpu_xop_info *i = lsgpu_xop_describe((enum lsgpu_xop)op);
   const uint32_t regs[3] = {(w >> 7) & 31u, (w >> 15) & 31u, (w >> 20) & 31u};
   const int8_t specs[3] = {i->rd, i->rs1, i->rs2};
   const char files[3] = {i->rd_file, i->rs1_file, i->rs2_file};
   int n = snprintf(buf, size, "%s", i->mnemonic);
""")
    lod_suffixes = ", ".join('"%s"' % v["suffix"] for v in enums["TEX_LOD"]["values"])
    flags = [f for f in tex["funct7_fields"] if "enum" not in f]
    w("   if (op == LSGPU_XOP_TEX) {\n")
    w("      static const char *const lod[] = {%s};\n" % lod_suffixes)
    w("      n += snprintf(buf + n, size - (size_t)n, \"%%s%s\", lod[lsgpu_tex_funct7_lod(sub)]"
      % ("%s" * len(flags)))
    for f in flags:
        w(",\n                    lsgpu_tex_funct7_%s(sub) ? \"%s\" : \"\"" % (f["name"], f["suffix"]))
    w(");\n   }\n")
    w("""   const char *sep = " ";
   for (unsigned k = 0; k < 3 && n > 0 && (size_t)n < size; k++) {
      /* Fixed zero operands are not printed; lsgpu.tex shows its fixed f28. */
      if (specs[k] == 0 || (specs[k] > 0 && k != 0))
         continue;
      n += snprintf(buf + n, size - (size_t)n, "%s%c%u", sep, files[k], regs[k]);
      sep = ", ";
   }
   if (i->form == 'i' && n > 0 && (size_t)n < size)
      snprintf(buf + n, size - (size_t)n, "%s%u", sep, sub);
   return true;
}

""")

    w("/* Timing model (docs/isa.md §6): cycles a base (RV32IMAF) instruction takes beyond its\n"
      " * issue cycle; an Xlsgpu op's are its lsgpu_xop_info.cycles. */\n")
    w("static inline unsigned\nlsgpu_isa_base_extra_cycles(uint32_t w)\n{\n")
    w("   const uint32_t opcode = w & 0x7fu, f3 = (w >> 12) & 7u, f7 = w >> 25;\n")
    w("   (void)f3;\n   (void)f7;\n")
    for t in spec["timing"]:
        conds = ["opcode == 0x%02xu" % t["opcode"]]
        if "funct7" in t:
            conds.append("(" + " || ".join("f7 == 0x%02xu" % v for v in t["funct7"]) + ")")
        if "funct3" in t:
            conds.append("(" + " || ".join("f3 == %du" % v for v in t["funct3"]) + ")")
        w("   if (%s)\n      return %du; /* %s */\n" % (" && ".join(conds), t["cycles"], t["name"]))
    w("   return 0u;\n}\n\n")
    w("/* The same for any instruction word, Xlsgpu included. */\n")
    w("static inline unsigned\nlsgpu_isa_extra_cycles(uint32_t w)\n{\n")
    w("   uint32_t sub;\n   const int op = lsgpu_is_xlsgpu(w) ? lsgpu_xlsgpu_decode(w, &sub) : -1;\n")
    w("   return op >= 0 ? lsgpu_xop_describe((enum lsgpu_xop)op)->cycles\n")
    w("                  : lsgpu_is_xlsgpu(w) ? 0u : lsgpu_isa_base_extra_cycles(w);\n}\n\n")

    w("/* The shader ABI (docs/isa.md §4). */\n")
    for r in spec["abi"]["registers"]:
        w("#define LSGPU_ABI_REG_%s %d /* %s: %s */\n" % (r["name"], r["reg"], r["abi"], comment(r["doc"])))
    for c in spec["abi"]["constants"]:
        w("#define LSGPU_%s 0x%xu /* %s */\n" % (c["name"], c["value"], comment(c["doc"])))
    for t in spec["abi"]["tex_operands"]:
        w("#define LSGPU_TEX_OPERAND_%s %d /* f%d: %s */\n"
          % (c_id(t["name"]), t["reg"], t["reg"], comment(t["doc"])))
    w("\n/* A job's modelled time outside the shader cores (docs/isa.md §6). */\n")
    for c in spec["job_timing"]:
        w("#define LSGPU_JOB_%s %du /* %s */\n" % (c["name"], c["value"], comment(c["doc"])))
    w("\n/* Device counters: X(NAME, name, LSGPU_PARAM value, doc) for each. */\n")
    w("#define LSGPU_COUNTERS(X) \\\n")
    for c in spec["counters"]:
        w("   X(%s, %s, 0x%x, \"%s\") \\\n" % (c["name"], c["name"].lower(), c["param"], c["doc"]))
    w("\n#define LSGPU_NUM_COUNTERS %d\n\n" % len(spec["counters"]))
    header_close(out, "LSGPU_ISA_H")


# ----------------------------------------------------------------------------- asm


def gen_asm(spec, enums, ops, out):
    """Assembler macros (GNU as / llvm-mc) for hand-written test programs: each Xlsgpu
    op by its mnemonic with dots as underscores, operands as the program chooses."""
    w = out.write
    w("# Generated by src/hw/gen_isa.py from lsgpu_isa.yaml. Do not edit.\n")
    w("# .include \"lsgpu_isa.inc\", then e.g. lsgpu_sysval t0, LSGPU_SYSVAL_LANE.\n\n")
    for e in spec["enums"]:
        for v in e["values"]:
            w(".equ LSGPU_%s_%s, %d\n" % (e["name"], v["name"], v["value"]))
    w("\n")
    for op in ops:
        o = op["operands"]
        params = []
        fields = {}
        for k in ("rd", "rs1", "rs2"):
            spec_k = o.get(k, "x0")
            if spec_k in ("x", "f"):
                # A last register operand may be left out: register 0 of its file
                # (lsgpu.tex without xs2 uses xs1's own sampler).
                params.append(k + ("=%s0" % spec_k if k == "rs2" else ""))
                fields[k] = "\\" + k
            else:
                fields[k] = spec_k
        if op["form"] == "i":
            params.append("imm")
        variants = [("", None)]
        if op["group"].get("funct7_fields"):
            lods = enums["TEX_LOD"]["values"]
            variants = []
            flag_fields = [f for f in op["group"]["funct7_fields"] if "enum" not in f]
            for lod in lods:
                # Every combination of the flags, in their YAML order in the name.
                for combo in range(1 << len(flag_fields)):
                    suffix, f7 = lod["suffix"], lod["value"]
                    for i, f in enumerate(flag_fields):
                        if combo >> i & 1:
                            suffix += f["suffix"]
                            f7 |= 1 << f["start"]
                    variants.append((suffix.replace(".", "_"), f7))
        for suffix, f7 in variants:
            name = op["mnemonic"].replace(".", "_") + suffix
            w(".macro %s %s\n" % (name, ", ".join(params)))
            if op["form"] == "i":
                w("   .insn i 0x%02x, %d, %s, %s, \\imm\n" % (op["opcode"], op["funct3"], fields["rd"], fields["rs1"]))
            else:
                w("   .insn r 0x%02x, %d, %d, %s, %s, %s\n" % (
                    op["opcode"], op["funct3"], op["funct7"] if f7 is None else f7, fields["rd"],
                    fields["rs1"], fields["rs2"]))
            w(".endm\n")


# ----------------------------------------------------------------------------- docs


def operands_text(op):
    o = op["operands"]
    parts = []
    for k, role in (("rd", "d"), ("rs1", "s1"), ("rs2", "s2")):
        spec = o.get(k, "x0")
        if spec in ("x", "f"):
            parts.append(spec + role)
        elif k == "rd" and spec != "x0":
            parts.append(spec)
    if op["form"] == "i":
        parts.append("index")
    return ", ".join(parts)


def constraints_text(op):
    o = op["operands"]
    fixed = ["%s = %s" % (k, o[k]) for k in ("rd", "rs1", "rs2") if o.get(k, "x0") not in ("x", "f")
             and k in o]
    return ", ".join(fixed)


def doc_tables(spec, enums, ops):
    t = {}
    lines = ["| opcode | funct3 | funct7 / imm | instruction | fixed operands | extra cycles | semantics |",
             "|---|---|---|---|---|---|---|"]
    for op in ops:
        sel = "imm = index" if op["form"] == "i" else (
            "fields" if op["group"].get("funct7_fields") else str(op["funct7"]))
        ops_text = operands_text(op)
        text = "`%s%s`" % (op["mnemonic"], " " + ops_text if ops_text else "")
        lines.append("| %s | %d | %s | %s | %s | %d | %s |" % (
            op["group"]["opcode"].lower(), op["funct3"], sel, text, constraints_text(op),
            op["cycles"], op["doc"]))
    t["xlsgpu"] = "\n".join(lines)

    tex = next(g for g in spec["groups"] if g.get("funct7_fields"))
    lines = ["| funct7 bits | field | values |", "|---|---|---|"]
    for f in tex["funct7_fields"]:
        bits = str(f["start"]) if f["size"] == 1 else "%d:%d" % (f["start"] + f["size"] - 1, f["start"])
        if "enum" in f:
            vals = "; ".join("%d %s" % (v["value"], v["doc"].rstrip(".")) for v in enums[f["enum"]]["values"])
        else:
            vals = "1: " + f["doc"]
        lines.append("| %s | %s | %s |" % (bits, f["name"], vals))
    top = max(f["start"] + f["size"] for f in tex["funct7_fields"])
    if top < 7:
        lines.append("| %s | — | must be 0 |" % ("6" if top == 6 else "6:%d" % top))
    t["tex-funct7"] = "\n".join(lines)

    lines = ["| register | operand |", "|---|---|"]
    for o in spec["abi"]["tex_operands"]:
        lines.append("| f%d | %s: %s |" % (o["reg"], o["name"], o["doc"]))
    t["tex-operands"] = "\n".join(lines)

    lines = ["| index | value |", "|---|---|"]
    for v in enums["SYSVAL"]["values"]:
        lines.append("| %d | `%s`: %s |" % (v["value"], v["name"], v["doc"]))
    t["sysval"] = "\n".join(lines)

    lines = ["| register | contents |", "|---|---|"]
    for r in spec["abi"]["registers"]:
        lines.append("| `%s` (x%d) | %s |" % (r["abi"], r["reg"], r["doc"]))
    lines.append("| everything else | 0 |")
    t["abi-registers"] = "\n".join(lines)

    lines = ["| constant | value | meaning |", "|---|---|---|"]
    for c in spec["abi"]["constants"]:
        v = "0x%x" % c["value"] if c["value"] > 255 else str(c["value"])
        lines.append("| `LSGPU_%s` | %s | %s |" % (c["name"], v, c["doc"]))
    t["abi-constants"] = "\n".join(lines)

    lines = ["| instructions | extra cycles |", "|---|---|"]
    for r in spec["timing"]:
        lines.append("| %s | %d |" % (r["doc"].rstrip("."), r["cycles"]))
    costly = [op for op in ops if op["cycles"]]
    lines.append("| %s | per instruction, see §3 (%s) |" % (
        "Xlsgpu", ", ".join("`%s` %d" % (op["mnemonic"], op["cycles"]) for op in costly)))
    lines.append("| everything else | 0 |")
    t["timing"] = "\n".join(lines)

    lines = ["| unit and what it takes | `LSGPU_JOB_…` | value |", "|---|---|---|"]
    for c in spec["job_timing"]:
        lines.append("| %s | `%s` | %d |" % (c["doc"].rstrip("."), c["name"], c["value"]))
    t["job-timing"] = "\n".join(lines)

    lines = ["| `LSGPU_PARAM_COUNTER_…` | param | counts |", "|---|---|---|"]
    for c in spec["counters"]:
        lines.append("| `%s` | 0x%x | %s |" % (c["name"], c["param"], c["doc"]))
    t["counters"] = "\n".join(lines)
    return t


def update_doc(text, tables):
    def repl(m):
        name = m.group(1)
        if name not in tables:
            raise SystemExit("docs/isa.md: no generated table %r" % name)
        return "<!-- generated: %s -->\n%s\n<!-- end generated -->" % (name, tables[name])

    return re.sub(r"<!-- generated: ([\w-]+) -->.*?<!-- end generated -->", repl, text, flags=re.S)


def main():
    ap = arg_parser("header", "asm", "doc")
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    spec, opcodes, enums, ops = load(args.yaml)
    write_outputs(args, {
        "header": lambda out: gen_header(spec, enums, ops, out),
        "asm": lambda out: gen_asm(spec, enums, ops, out),
    })
    if args.doc:
        with open(args.doc) as f:
            old = f.read()
        new = update_doc(old, doc_tables(spec, enums, ops))
        if args.check:
            if new != old:
                print("%s: the generated tables differ from lsgpu_isa.yaml; run\n"
                      "  /usr/bin/python3 src/hw/gen_isa.py src/hw/lsgpu_isa.yaml --doc %s"
                      % (args.doc, args.doc))
                return 1
            print("%s: generated tables current" % args.doc)
            return 0
        with open(args.doc, "w") as f:
            f.write(new)
    return 0


if __name__ == "__main__":
    sys.exit(main())
