#!/usr/bin/python3
"""Grafts the lsgpu tree into a pristine Mesa 25.0.7 tree.

Our directories are symlinked into Mesa (edits take effect on the next build), and a
handful of Mesa build files get the smallest edits that make Mesa know the driver.
Every edit is applied to a saved pristine copy of the file, so re-running is
idempotent, and a file is rewritten only when its content changes (no needless
rebuilds). An anchor that is missing aborts the graft with its name: that is what
breaks when Mesa moves.

usage: graft-mesa.py LSGPU_ROOT MESA_SRC
"""
import os
import sys

ROOT, MESA = sys.argv[1], sys.argv[2]

# (link inside Mesa, target inside our tree)
LINKS = [
    ("include/drm-uapi/lsgpu_drm.h", "include/drm-uapi/lsgpu_drm.h"),
    ("src/compiler/lsgpu_hw", "src/hw"),
    ("src/gallium/drivers/lsgpu", "src/gallium/drivers/lsgpu"),
    ("src/gallium/winsys/lsgpu", "src/winsys/lsgpu"),
    ("src/compiler/lsgpu", "src/compiler/lsgpu"),
]

DRM_HELPER_BLOCK = """#ifdef GALLIUM_LSGPU
#include "lsgpu/drm/lsgpu_drm_public.h"

static struct pipe_screen *
pipe_lsgpu_create_screen(int fd, const struct pipe_screen_config *config)
{
   struct pipe_screen *screen = lsgpu_drm_screen_create(fd, config);
   return screen ? debug_screen_wrap(screen) : NULL;
}
DRM_DRIVER_DESCRIPTOR(lsgpu, NULL, 0)

#else
DRM_DRIVER_DESCRIPTOR_STUB(lsgpu)
#endif

"""

# Links earlier versions of the graft made and this one no longer does.
STALE_LINKS = ["include/lsgpu", "src/lsgpu_hw"]

# file -> list of (anchor name, anchor text, replacement text). The anchor must occur
# exactly once in the pristine file.
EDITS = {
    "meson_options.txt": [
        ("gallium-drivers choices",
         "    'softpipe', 'llvmpipe',\n  ],\n  description : 'List of gallium drivers",
         "    'softpipe', 'llvmpipe', 'lsgpu',\n  ],\n  description : 'List of gallium drivers"),
    ],
    "meson.build": [
        ("with_gallium_lima flag",
         "with_gallium_lima = gallium_drivers.contains('lima')\n",
         "with_gallium_lima = gallium_drivers.contains('lima')\n"
         "with_gallium_lsgpu = gallium_drivers.contains('lsgpu')\n"),
        ("LLVM required list",
         "      with_amd_vk or with_gallium_radeonsi or with_gallium_clover or with_clc\n",
         "      with_amd_vk or with_gallium_radeonsi or with_gallium_clover or with_clc\n"
         "      or with_gallium_lsgpu\n"),
    ],
    "src/compiler/meson.build": [
        ("isaspec subdir (the lsgpu compiler follows NIR and GLSL)",
         "subdir('isaspec')\n",
         "subdir('isaspec')\nif with_gallium_lsgpu\n  subdir('lsgpu_hw')\n  subdir('lsgpu')\nendif\n"),
    ],
    "src/gallium/meson.build": [
        ("zink subdir block",
         "if with_gallium_zink\n  subdir('drivers/zink')\n",
         "if with_gallium_lsgpu\n  subdir('winsys/lsgpu/drm')\n  subdir('drivers/lsgpu')\n"
         "else\n  driver_lsgpu = declare_dependency()\nendif\n"
         "if with_gallium_zink\n  subdir('drivers/zink')\n"),
    ],
    "src/gallium/targets/dri/meson.build": [
        ("megadriver dependency list",
         "    driver_panfrost, driver_iris, driver_lima, driver_zink, driver_d3d12,\n",
         "    driver_panfrost, driver_iris, driver_lima, driver_lsgpu, driver_zink, driver_d3d12,\n"),
    ],
    "src/gallium/targets/rusticl/meson.build": [
        ("rusticl driver list",
         "    driver_v3d,\n    driver_zink,\n",
         "    driver_v3d,\n    driver_lsgpu,\n    driver_zink,\n"),
    ],
    "src/gallium/targets/dril/meson.build": [
        ("dril driver list",
         "             [with_gallium_lima, 'lima_dri.so'],\n",
         "             [with_gallium_lima, 'lima_dri.so'],\n"
         "             [with_gallium_lsgpu, 'lsgpu_dri.so'],\n"),
    ],
    "src/gallium/auxiliary/target-helpers/drm_helper.h": [
        ("kmsro descriptor (lsgpu goes before it)",
         "#ifdef GALLIUM_KMSRO\n#include \"kmsro/drm/kmsro_drm_public.h\"\n",
         DRM_HELPER_BLOCK + "#ifdef GALLIUM_KMSRO\n#include \"kmsro/drm/kmsro_drm_public.h\"\n"),
    ],
    "src/gallium/auxiliary/target-helpers/drm_helper_public.h": [
        ("kmsro descriptor declaration",
         "extern const struct drm_driver_descriptor kmsro_driver_descriptor;\n",
         "extern const struct drm_driver_descriptor lsgpu_driver_descriptor;\n"
         "extern const struct drm_driver_descriptor kmsro_driver_descriptor;\n"),
    ],
    # Mesa 25.0.7's clEnqueueNDRangeKernel multiplies the work-group size up from 0,
    # so a group above CL_KERNEL_WORK_GROUP_SIZE reached the driver instead of
    # failing with CL_INVALID_WORK_GROUP_SIZE (fixed in later Mesa the same way).
    "src/gallium/frontends/rusticl/api/kernel.rs": [
        ("work-group size product starts at 1",
         "    let mut threads = 0;\n    for i in 0..work_dim as usize {\n",
         "    let mut threads = 1;\n    for i in 0..work_dim as usize {\n"),
    ],
    # Mesa 25.0.7's GLSL linker returns before it copies layout(early_fragment_tests)
    # into the program when a fragment shader is below GLSL 1.50 and does not enable
    # ARB_fragment_coord_conventions (the early return is meant for the gl_FragCoord
    # layouts only), so GLSL 1.20 shaders with ARB_shader_image_load_store lost it.
    "src/compiler/glsl/gl_nir_linker.c": [
        ("early_fragment_tests below GLSL 1.50",
         "   if (linked_shader->Stage != MESA_SHADER_FRAGMENT ||\n"
         "       (prog->GLSL_Version < 150 && !arb_fragment_coord_conventions_enable))\n"
         "      return;\n",
         "   if (linked_shader->Stage != MESA_SHADER_FRAGMENT)\n"
         "      return;\n"
         "   if (prog->GLSL_Version < 150 && !arb_fragment_coord_conventions_enable) {\n"
         "      for (unsigned i = 0; i < num_shaders; i++)\n"
         "         linked_shader->Program->nir->info.fs.early_fragment_tests |=\n"
         "            shader_list[i]->EarlyFragmentTests || shader_list[i]->PostDepthCoverage;\n"
         "      return;\n"
         "   }\n"),
    ],
    # Mesa 25.0.7's GLSL min/max pruning can reduce an operand such as
    # max(vec4 constant, float) to its scalar operand and store that into the outer
    # vector min/max unwidened (only the outermost result was re-splatted), so
    # clamp(vec4(c), k, x) with every c below k made invalid NIR: nir_validate aborted
    # on lsgpu and llvmpipe alike. Found by the GLSL fuzzer
    # (tests/fuzz/found/glsl/clamp-constant-vector-below-min.frag).
    "src/compiler/glsl/opt_minmax.cpp": [
        ("pruned min/max operand keeps its width",
         "         minmax_range base = range_intersection(limits[1 - i], baserange);\n"
         "         expr->operands[i] = prune_expression(op_expr, base);\n",
         "         minmax_range base = range_intersection(limits[1 - i], baserange);\n"
         "         ir_rvalue *pruned = prune_expression(op_expr, base);\n"
         "         if (glsl_type_is_vector(op_expr->type) && glsl_type_is_scalar(pruned->type))\n"
         "            pruned = swizzle(pruned, SWIZZLE_XXXX, op_expr->type->vector_elements);\n"
         "         expr->operands[i] = pruned;\n"),
    ],
    # Mesa 25.0.7 accepts GL_STENCIL_INDEX as a pixel format in OpenGL ES only from
    # ES 3.1, though OES_texture_stencil8 (which ES 3.0 contexts get with stencil
    # texturing) adds it to glTexImage2D and glTexSubImage2D: an ES 3.0 context
    # listing the extension refused its textures with INVALID_ENUM (dEQP-GLES2's
    # fbo.completeness.renderable.texture.*.stencil_index8).
    "src/mesa/main/glformats.c": [
        ("GL_STENCIL_INDEX with OES_texture_stencil8",
         "   case GL_STENCIL_INDEX:\n"
         "      return _mesa_is_desktop_gl(ctx) || _mesa_is_gles31(ctx);\n",
         "   case GL_STENCIL_INDEX:\n"
         "      return _mesa_is_desktop_gl(ctx) || _mesa_is_gles31(ctx) ||\n"
         "             _mesa_has_OES_texture_stencil8(ctx);\n"),
    ],
    "src/gallium/auxiliary/pipe-loader/pipe_loader_drm.c": [
        ("driver_descriptors[] entry",
         "   &lima_driver_descriptor,\n",
         "   &lima_driver_descriptor,\n   &lsgpu_driver_descriptor,\n"),
    ],
}


def fail(msg):
    sys.stderr.write("lsgpu graft: %s\n" % msg)
    sys.exit(1)


def link(rel, target):
    path = os.path.join(MESA, rel)
    dest = os.path.join(ROOT, target)
    if not os.path.exists(dest):
        fail("our path %s does not exist" % dest)
    if os.path.islink(path):
        if os.readlink(path) == dest:
            return
        os.unlink(path)
    elif os.path.exists(path):
        fail("%s exists in Mesa and is not our link" % rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    os.symlink(dest, path)


def edit(rel, edits):
    path = os.path.join(MESA, rel)
    orig = path + ".lsgpu-orig"
    if not os.path.exists(orig):
        if not os.path.exists(path):
            fail("Mesa file %s not found" % rel)
        os.rename(path, orig)
        with open(orig) as f, open(path, "w") as g:
            g.write(f.read())
    with open(orig) as f:
        text = f.read()
    for name, anchor, repl in edits:
        n = text.count(anchor)
        if n != 1:
            fail("anchor '%s' in %s found %d times (expected once)" % (name, rel, n))
        text = text.replace(anchor, repl)
    with open(path) as f:
        if f.read() == text:
            return
    with open(path, "w") as f:
        f.write(text)


for rel in STALE_LINKS:
    if os.path.islink(os.path.join(MESA, rel)):
        os.unlink(os.path.join(MESA, rel))
for rel, target in LINKS:
    link(rel, target)
for rel, edits in EDITS.items():
    edit(rel, edits)
