/* SPDX-License-Identifier: MIT */
#include "lsgpu_glsl_frontend.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

#include "compiler/nir/nir.h"
#include "compiler/glsl/gl_nir.h"
#include "compiler/glsl/gl_nir_linker.h"
#include "compiler/glsl/ir.h"
#include "compiler/glsl/builtin_functions.h"
#include "compiler/glsl/glsl_parser_extras.h"
#include "compiler/glsl/linker_util.h"
#include "compiler/glsl/standalone.h"
#include "compiler/glsl/standalone_scaffolding.h"
#include "main/mtypes.h"
#include "program/program.h"

namespace
{

int
type_size_vec4(const struct glsl_type *type, bool bindless)
{
   return glsl_count_attribute_slots(type, false);
}

/* What st/mesa does to linked NIR before the driver sees it, for the parts the
 * standalone front end leaves out: sampler indices, image indices (st gives each
 * image uniform its opaque index; here the GLSL binding stands for it), uniform
 * layout, UBO 0. */
void
prepare_like_st(nir_shader *nir, gl_shader_program *prog)
{
   nir->options = lsgpu_nir_options();
   NIR_PASS(_, nir, nir_lower_global_vars_to_local);
   NIR_PASS(_, nir, nir_split_var_copies);
   NIR_PASS(_, nir, nir_lower_var_copies);
   NIR_PASS(_, nir, gl_nir_lower_samplers, prog);
   NIR_PASS(_, nir, gl_nir_lower_buffers, prog);
   nir_foreach_variable_with_modes(var, nir, nir_var_image) var->data.driver_location =
      var->data.binding;
   nir_assign_var_locations(nir, nir_var_uniform, &nir->num_uniforms, type_size_vec4);
   NIR_PASS(_, nir, nir_lower_io, nir_var_uniform, type_size_vec4, (nir_lower_io_options)0);
   NIR_PASS(_, nir, nir_lower_uniforms_to_ubo, false, false);
   NIR_PASS(_, nir, nir_opt_dce);
}

/* Writes sources to temporary files (the standalone front end reads files and takes
 * the stage from the suffix), links them, and compiles every linked stage. */
/* The front end's context: GL 2.1-class limits, the ones the driver advertises
 * (16 attributes, 16 varying vec4s, 8 texture coordinates, 16 samplers per stage,
 * 256 uniform vec4s per stage, 8 draw buffers), compute limits of the DISPATCH packet,
 * and LSGPU-1's NIR options for every stage. The context allows up to GLSL 4.30 so
 * compute shaders compile; each shader's #version still decides its language. */
void
init_context(struct gl_context *ctx)
{
   initialize_context_to_defaults(ctx, API_OPENGL_COMPAT);
   _mesa_glsl_builtin_functions_init_or_ref();
   ctx->Version = 210;
   ctx->Const.GLSLVersion = 430;
   for (unsigned s = 0; s < MESA_SHADER_STAGES; s++)
      ctx->Const.ShaderCompilerOptions[s].NirOptions = lsgpu_nir_options();
   ctx->Const.MaxClipPlanes = 8;
   ctx->Const.MaxDrawBuffers = 8;
   ctx->Const.MaxLights = 8;
   ctx->Const.MaxTextureCoordUnits = 8;
   ctx->Const.MaxTextureUnits = 8;
   ctx->Const.MaxCombinedTextureImageUnits = 32;
   ctx->Const.MaxVarying = 16;
   ctx->Const.MaxVertexStreams = 1;
   ctx->Const.GenerateTemporaryNames = true;
   ctx->Const.MaxUserAssignableUniformLocations = 4 * MESA_SHADER_STAGES * MAX_UNIFORMS;
   for (gl_shader_stage s : {MESA_SHADER_VERTEX, MESA_SHADER_FRAGMENT, MESA_SHADER_COMPUTE}) {
      gl_program_constants &p = ctx->Const.Program[s];
      p.MaxTextureImageUnits = 16;
      p.MaxUniformComponents = 1024;
      p.MaxCombinedUniformComponents = 1024;
      p.MaxUniformBlocks = 12;
      p.MaxShaderStorageBlocks = 8;
      p.MaxAtomicBuffers = 8;
      p.MaxAtomicCounters = 8;
      p.MaxImageUniforms = 8;
   }
   ctx->Const.MaxImageUnits = 8;
   ctx->Const.MaxCombinedImageUniforms = 8;
   ctx->Const.Program[MESA_SHADER_VERTEX].MaxAttribs = 16;
   ctx->Const.Program[MESA_SHADER_VERTEX].MaxOutputComponents = 64;
   ctx->Const.Program[MESA_SHADER_FRAGMENT].MaxInputComponents = 64;
   ctx->Const.MaxShaderStorageBufferBindings = 8;
   ctx->Const.MaxShaderStorageBlockSize = 1 << 24;
   ctx->Const.MaxCombinedShaderStorageBlocks = 8;
   ctx->Const.MaxUniformBufferBindings = 12;
   for (unsigned i = 0; i < 3; i++) {
      ctx->Const.MaxComputeWorkGroupCount[i] = 65535;
      ctx->Const.MaxComputeWorkGroupSize[i] = i == 2 ? 64 : 1024;
   }
   ctx->Const.MaxComputeWorkGroupInvocations = 1024;
   ctx->Const.MaxComputeSharedMemorySize = 32768;
}

GLenum
gl_type_of(const std::string &suffix)
{
   if (suffix == ".vert")
      return GL_VERTEX_SHADER;
   if (suffix == ".frag")
      return GL_FRAGMENT_SHADER;
   return GL_COMPUTE_SHADER;
}

} // namespace

bool
lsgpu_glsl_to_nir(const lsgpu_test_file &file, std::vector<nir_shader *> *shaders,
                  std::string *reason)
{
   static struct gl_context ctx; /* large; the tool compiles one program at a time */
   init_context(&ctx);
   gl_shader_program *prog = standalone_create_shader_program();
   bool ok = true;
   for (const lsgpu_test_source &src : file.sources) {
      gl_shader *shader =
         standalone_add_shader_source(&ctx, prog, gl_type_of(src.suffix), src.text.c_str());
      _mesa_glsl_compile_shader(&ctx, shader, NULL, false, false, true);
      if (!shader->CompileStatus) {
         *reason = "GLSL compile error (front end): ";
         *reason += shader->InfoLog ? std::string(shader->InfoLog).substr(0, 200) : "";
         ok = false;
         break;
      }
   }
   if (ok) {
      _mesa_clear_shader_program_data(&ctx, prog);
      prog->data->LinkStatus = LINKING_SUCCESS;
      link_shaders_init(&ctx, prog);
      gl_nir_link_glsl(&ctx, prog);
      if (!prog->data->LinkStatus) {
         *reason = "GLSL link error (front end): ";
         *reason += prog->data->InfoLog ? std::string(prog->data->InfoLog).substr(0, 200) : "";
         ok = false;
      }
   }
   while (!reason->empty() && (reason->back() == '\n' || reason->back() == ' '))
      reason->pop_back();
   for (char &c : *reason)
      c = c == '\n' ? ' ' : c;
   if (!ok) {
      standalone_compiler_cleanup(prog);
      return false;
   }
   for (unsigned s = 0; s < MESA_SHADER_STAGES; s++) {
      gl_linked_shader *ls = prog->_LinkedShaders[s];
      if (!ls || !ls->Program || !ls->Program->nir)
         continue;
      prepare_like_st(ls->Program->nir, prog);
      shaders->push_back(nir_shader_clone(NULL, ls->Program->nir));
   }
   standalone_compiler_cleanup(prog);
   if (shaders->empty()) {
      *reason = "no stage was linked";
      return false;
   }
   return true;
}

bool
lsgpu_compile_glsl(const lsgpu_test_file &file, const std::vector<lsgpu_compile_options> &variants,
                   std::vector<lsgpu_stage_result> *results, std::string *reason)
{
   std::vector<nir_shader *> shaders;
   if (!lsgpu_glsl_to_nir(file, &shaders, reason))
      return false;
   for (nir_shader *nir : shaders) {
      for (unsigned v = 0; v < variants.size(); v++) {
         lsgpu_stage_result r = {};
         r.stage = nir->info.stage;
         r.variant = v;
         nir_shader *clone = nir_shader_clone(NULL, nir);
         char *err = nullptr;
         r.ok = lsgpu_compile_nir(clone, &variants[v], &r.binary, &err);
         if (!r.ok)
            r.reason = err ? err : "unknown";
         free(err);
         ralloc_free(clone);
         results->push_back(r);
      }
      ralloc_free(nir);
   }
   return true;
}
