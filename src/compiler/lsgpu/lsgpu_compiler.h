/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_COMPILER_H
#define LSGPU_COMPILER_H

/* The LSGPU-1 shader compiler: NIR → LLVM IR → RV32IMAF + Xlsgpu (docs/compiler.md).
 * Used by the Gallium driver and by the standalone `lsgpu-compile` tool. Every entry
 * point is safe to call from several threads at once: each compilation owns its own
 * LLVMContext and TargetMachine, and nothing here touches LLVM's global options. */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "lsgpu_isa.h" /* the shader ABI: I/O slots (docs/isa.md §4) */

#ifdef __cplusplus
extern "C" {
#endif

typedef struct nir_shader nir_shader;
typedef struct nir_shader_compiler_options nir_shader_compiler_options;

enum lsgpu_varying_interp {
   LSGPU_VARYING_UNUSED = 0, /* slot unused */
   LSGPU_VARYING_PERSPECTIVE = 1,
   LSGPU_VARYING_LINEAR = 2,
   LSGPU_VARYING_FLAT = 3,
   LSGPU_VARYING_COLOR =
      4, /* gl_Color / gl_SecondaryColor: flat or smooth by the rasterizer's shade model */
   LSGPU_VARYING_CENTROID = 0x80, /* flag: interpolated inside the primitive (centroid) */
};

enum lsgpu_shader_flags {
   LSGPU_SHADER_DEMOTES = 1u << 0,          /* uses lsgpu.demote */
   LSGPU_SHADER_TERMINATES = 1u << 1,       /* uses lsgpu.terminate (discard) */
   LSGPU_SHADER_WRITES_DEPTH = 1u << 2,     /* fragment output slot 8.x */
   LSGPU_SHADER_WRITES_PSIZ = 1u << 3,      /* vertex output slot 1.x */
   LSGPU_SHADER_COLOR_BROADCAST = 1u << 4,  /* gl_FragColor: slot 0 goes to every colour buffer */
   LSGPU_SHADER_USES_DERIVATIVES = 1u << 5, /* quad operations: helper lanes must run */
   LSGPU_SHADER_USES_BARRIER = 1u << 6,
   LSGPU_SHADER_WRITES_STENCIL = 1u << 7, /* fragment output slot 8.y (gl_FragStencilRefARB) */
   LSGPU_SHADER_EARLY_FRAGMENT_TESTS = 1u << 8, /* layout(early_fragment_tests) */
   LSGPU_SHADER_READS_COLOR = 1u << 9,          /* lsgpu.fbld: framebuffer fetch (fs_reads_color) */
   LSGPU_SHADER_WRITES_MEMORY = 1u << 10,       /* stores or atomics to buffers or images */
   LSGPU_SHADER_PRESERVES_DENORMS = 1u << 11,   /* float controls: fp32 denormals preserved */
};

/* What the driver (and the hardware set-up) needs to know about a binary. Plain data:
 * it is stored as is in the disk cache and in the tool's binary files. */
struct lsgpu_shader_info {
   uint32_t stage;       /* gl_shader_stage */
   uint32_t code_size;   /* bytes, a multiple of 4 */
   uint32_t stack_size;  /* bytes per invocation, a multiple of 16 */
   uint32_t shared_size; /* compute: bytes of shared memory per workgroup */
   uint32_t workgroup_size[3];
   uint32_t flags;         /* lsgpu_shader_flags */
   uint32_t const_size;    /* bytes of the constant buffer read (upper bound; UINT32_MAX: unbounded index) */
   uint32_t textures_used; /* mask of texture units */
   uint32_t inputs_used;   /* mask of input slots (vertex: attributes) */
   uint32_t outputs_used;  /* mask of output slots */
   /* gl_varying_slot (vertex outputs, fragment inputs) or gl_vert_attrib (vertex
    * inputs) or gl_frag_result (fragment outputs) carried by each slot. */
   uint8_t input_location[LSGPU_IO_SLOTS];
   uint8_t output_location[LSGPU_IO_SLOTS];
   uint8_t input_interp[LSGPU_IO_SLOTS]; /* fragment: lsgpu_varying_interp */
   uint8_t pad[2];
};

/* shader-db statistics (LSGPU_DEBUG=shaderdb). */
struct lsgpu_shader_stats {
   uint32_t instructions;     /* machine instructions in the binary */
   uint32_t cycles;           /* static estimate, docs/isa.md §6 timing model, loops once */
   uint32_t loops;            /* NIR loops left after unrolling */
   uint32_t spills;           /* stores to the stack frame */
   uint32_t fills;            /* loads from the stack frame */
   uint32_t xlsgpu;           /* Xlsgpu instructions */
   uint32_t max_gpr;          /* highest x register used */
   uint32_t max_fpr;          /* highest f register used */
   uint32_t nir_instructions; /* NIR instructions handed to LLVM */
   uint32_t libcalls;         /* calls to anything outside the binary: must be 0 */
   double compile_ms;         /* NIR lowering to linked binary, wall time */
};

struct lsgpu_shader_binary {
   struct lsgpu_shader_info info;
   struct lsgpu_shader_stats stats;
   uint8_t *code; /* malloc'd; info.code_size bytes */
};

enum lsgpu_opt_level {
   LSGPU_OPT_DEFAULT = 0, /* the pipeline chosen by measurement (docs/compiler.md) */
   LSGPU_OPT_NONE = 1,    /* -O0: no IR optimisation, fast instruction selection */
   LSGPU_OPT_O2 = 2,      /* LLVM's full O2 pipeline */
};

enum lsgpu_compiler_debug {
   LSGPU_COMPILER_DEBUG_NIR = 1u << 0,      /* print NIR before translation */
   LSGPU_COMPILER_DEBUG_LLVM = 1u << 1,     /* print LLVM IR after optimisation */
   LSGPU_COMPILER_DEBUG_ASM = 1u << 2,      /* print the disassembly */
   LSGPU_COMPILER_DEBUG_SHADERDB = 1u << 3, /* print a shader-db stats line */
};

struct lsgpu_compile_options {
   enum lsgpu_opt_level opt_level;
   uint32_t debug;   /* lsgpu_compiler_debug */
   const char *name; /* for stats lines; may be NULL */
   /* The standalone front end leaves vertex inputs unnumbered; number them by
    * location (st/mesa numbers them by vertex element). */
   bool number_vs_inputs;
};

/* NIR options the front end must use for LSGPU-1 shaders. */
const nir_shader_compiler_options *lsgpu_nir_options(void);

/* Runs the LSGPU-1 lowering and optimisation passes on NIR as st/mesa hands it over
 * (variables for I/O, uniforms lowered to UBO 0, samplers lowered). */
void lsgpu_nir_lower(nir_shader *nir);

/* Compiles lowered NIR. On failure returns false and sets *error (malloc'd) to the
 * reason; nothing crashes on unsupported input. */
bool lsgpu_compile_nir(nir_shader *nir, const struct lsgpu_compile_options *options,
                       struct lsgpu_shader_binary *out, char **error);

void lsgpu_shader_binary_finish(struct lsgpu_shader_binary *binary);

/* False once the process has begun to exit: LLVM's statics are being destroyed and
 * lsgpu_compile_nir refuses to run (lsgpu_llvm_lifetime.cpp). */
bool lsgpu_compiler_available(void);

/* Prints the disassembly of a binary (Xlsgpu by name) to a malloc'd string. */
char *lsgpu_disassemble(const uint8_t *code, uint32_t size);

/* Prints the shader-db line for a binary. */
void lsgpu_print_stats(const struct lsgpu_shader_binary *binary, const char *name, FILE *fp);

/* Names the LLVM the compiler runs on; with the driver's build-id it keys the disk
 * cache, so neither a rebuilt compiler nor an updated LLVM serves stale binaries. */
const char *lsgpu_compiler_build_id(void);

#ifdef __cplusplus
}
#endif

#endif
