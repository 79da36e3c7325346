/* SPDX-License-Identifier: MIT */

/* The same scene drawn through GL on lsgpu (the simulated GPU) and on llvmpipe from
 * the same Mesa build (LIBGL_ALWAYS_SOFTWARE=1), compared pixel by pixel. Tolerance:
 * one step of 8-bit colour per channel for interpolated colours rounding differently
 * (two where blending rounds, more where a test says why); coverage (which pixels a
 * triangle owns) is exact, since a coverage difference changes a pixel by far more
 * than that. */

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <unistd.h>
#include <vector>

#include <gtest/gtest.h>

#include "command_output.h"

namespace
{

constexpr int kSize = 128;

struct Rendered {
   std::string renderer;
   std::vector<unsigned char> pixels;
};

Rendered
render(const std::string &scene, bool reference)
{
   Rendered r;
   char path[] = "/tmp/lsgpu-scene-XXXXXX";
   int fd = mkstemp(path);
   if (fd < 0)
      return r;
   close(fd);
   /* The reference runs without the interposer: llvmpipe needs no device. */
   const std::string cmd =
      std::string(reference ? "env -u LD_PRELOAD LIBGL_ALWAYS_SOFTWARE=1 " : "") + LSGPU_SCENE " " +
      scene + " " + path + " 2>&1";
   const std::string out = lsgpu::test::command_output(cmd);
   const size_t at = out.find("GL_RENDERER: ");
   if (at != std::string::npos)
      r.renderer = out.substr(at + 13, out.find('\n', at) - at - 13);
   std::ifstream f(path, std::ios::binary);
   r.pixels.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
   unlink(path);
   return r;
}

void
compare_scene(const std::string &scene, int tolerance = 1)
{
   Rendered hw = render(scene, false), ref = render(scene, true);
   ASSERT_EQ(hw.renderer.rfind("lsgpu", 0), 0u) << "not lsgpu: " << hw.renderer;
   ASSERT_EQ(ref.renderer.rfind("llvmpipe", 0), 0u) << "not llvmpipe: " << ref.renderer;
   ASSERT_EQ(hw.pixels.size(), (size_t)kSize * kSize * 4);
   ASSERT_EQ(ref.pixels.size(), hw.pixels.size());
   unsigned differing = 0, drawn = 0;
   for (int i = 0; i < kSize * kSize; i++) {
      int worst = 0;
      for (int c = 0; c < 4; c++)
         worst = std::max(worst, std::abs(hw.pixels[4 * i + c] - ref.pixels[4 * i + c]));
      if (worst > tolerance && differing++ < 10)
         ADD_FAILURE() << scene << ": pixel (" << i % kSize << ", " << i / kSize << ") differs by "
                       << worst;
      if (ref.pixels[4 * i] != 26 || ref.pixels[4 * i + 1] != 26 || ref.pixels[4 * i + 2] != 26)
         drawn++;
   }
   EXPECT_EQ(differing, 0u) << scene;
   EXPECT_GT(drawn, 1000u) << scene << ": the scene must cover something";
}

} // namespace

TEST(Scene, PerspectiveTrianglesWithNearPlaneClipping)
{
   compare_scene("triangles");
}
TEST(Scene, DepthTestOfInterpenetratingTriangles)
{
   compare_scene("depth");
}
TEST(Scene, IndexedStripAndFlatShadedFan)
{
   compare_scene("strips");
}
TEST(Scene, FaceCullingAndWinding)
{
   compare_scene("cull");
}
TEST(Scene, QuadsAndPolygonsAsTriangles)
{
   compare_scene("quads");
}
TEST(Scene, BlendEquationsFactorsAndConstantColour)
{
   /* llvmpipe blends 8-bit values in fixed point, LSGPU-1 in single precision: the
    * results may round two steps apart. */
   compare_scene("blend", 2);
}

TEST(Scene, TexturedQuadsFiltersWrapModesAndEnvModes)
{
   compare_scene("texture");
}

TEST(Scene, MipmapLevelSelectionAndTrilinear)
{
   /* Trilinear blends two levels by λ's fraction; llvmpipe computes λ with a
    * piecewise-linear log2 (lp_build_fast_log2, error up to 0.09), GL 2.1 §3.8.8 allows
    * approximations of λ, so the blend may move by up to 0.09 × the two levels'
    * contrast (here ≤ 215): 20 steps. */
   compare_scene("mipmap", 20);
}

TEST(Scene, PointsSpritesLinesStripsAndLoops)
{
   /* Coverage is exact (GL 2.1 §3.3 points, §3.4 diamond-exit lines). Colours along a
    * 3-pixel-wide line: GL 2.1 §3.4.1 defines t on the segment; llvmpipe carries its
    * interpolation across the width differently, up to 8 steps on this gradient. */
   compare_scene("points_lines", 8);
}

TEST(Scene, OffsetViewportsWithClientArrays)
{
   compare_scene("viewports");
}

/* Vertex shader texturing (MAX_VERTEX_TEXTURE_IMAGE_UNITS 16): a GLSL 1.20 vertex
 * shader displaces a grid by a height map. */
TEST(Scene, HeightMapSampledInTheVertexShader)
{
   compare_scene("heightmap");
}

/* 4x multisampling resolved by glBlitFramebuffer: per-sample coverage of thin
 * triangles, per-sample depth, sample coverage and alpha to coverage. The average of
 * four samples may round one step apart. */
TEST(Scene, MultisampleResolvedWithSampleCoverageAndAlphaToCoverage)
{
   compare_scene("msaa", 1);
}

/* Coherent framebuffer fetch: overlapping fragments of one draw, small triangles
 * stacked on the same pixels among them, each read the colour the earlier ones wrote
 * (DRAW_STATE.fs_reads_color, lsgpu.fbld). The colours are 8-bit values, so the image
 * is exact; a fragment that read a stale colour is off by tens of steps. */
TEST(Scene, FramebufferFetchInPrimitiveOrderWithinADraw)
{
   compare_scene("fbfetch");
}

/* TEX_TARGET_CUBE_ARRAY (the cube in f12) and texture views of a level and a layer
 * range (TEXTURE.first_layer, level_layers). */
TEST(Scene, CubeMapArrayAndTextureViewsOfLayersAndLevels)
{
   compare_scene("cube_array");
}

/* Dual-source blending: BLEND_FACTOR SRC1_* read fragment output slot 9. llvmpipe
 * blends 8-bit values in fixed point, LSGPU-1 in single precision (as in "blend"). */
TEST(Scene, DualSourceBlending)
{
   compare_scene("dual_source", 2);
}

/* Primitive assembly of quads, quad strips and polygons (DRAW.mode QUADS, QUAD_STRIP,
 * POLYGON) in polygon modes LINE and POINT, and edge flags (DRAW_STATE.edge_flag_slot). */
TEST(Scene, EdgeFlagsAndUnfilledQuadsAndPolygons)
{
   compare_scene("edge_flags");
}

/* Block-compressed textures decoded by the texture unit (TEX_CODEC): every S3TC,
 * RGTC/LATC and ETC2/EAC format, random blocks so that every codec mode appears,
 * against llvmpipe (whose ETC2 is st/mesa's decompression on upload). The decoded
 * codes agree; llvmpipe's sRGB decode and its 8-bit bilinear filtering of the
 * minified tiles round up to two steps apart. */
TEST(Scene, CompressedTexturesDecodedByTheTextureUnit)
{
   compare_scene("compressed", 2);
}

/* texelFetch from buffer textures (TEX_TARGET_BUFFER) of normalized, float and integer
 * formats, storage given after glTexBuffer, and ranges at an offset. st/mesa binds no
 * sampler for them: the unit's view is read all the same. Exact. */
TEST(Scene, BufferTexturesFetchedWithoutASampler)
{
   compare_scene("buffer_texture", 0);
}

/* All 20 varying slots of the vertex stage: the 15 varyings lsgpu reports (ES 3.0's
 * minimum) beside what st/mesa adds past the linker's count: back colours, clip
 * distances of six planes, edge flags. */
TEST(Scene, FifteenVaryingsWithTwoSidedColourClipPlanesAndEdgeFlags)
{
   compare_scene("varyings");
}

/* Robust access against llvmpipe's image: colours indexed past their buffer, an
 * attribute offset past its buffer, glDrawArrays counting past the positions, a
 * uniform array indexed at -4..11 and 100000. Zeros where llvmpipe has zeros, no
 * fault, and the context draws on (the scene's last bar). */
TEST(Scene, OutOfBoundsVerticesAndUniformIndicesReadZero)
{
   compare_scene("out_of_bounds");
}

/* glBufferSubData between draws: ranges written for the first time map without waiting
 * for the GPU, and a range rewritten while earlier draws read it waits for them. The
 * image against llvmpipe's, exactly. */
TEST(Scene, BufferSubDataBetweenDrawsNewAndReusedRanges)
{
   compare_scene("buffer_subdata", 0);
}

TEST(Scene, StencilReplaceTwoSidedIncrDecrAndMasks)
{
   compare_scene("stencil");
}

TEST(Scene, ClipPlanesPolygonOffsetPolygonModesLogicOps)
{
   compare_scene("raster_state");
}

TEST(Scene, CubeMap3DTextureAndShadowCompareInGlsl)
{
   compare_scene("texture_targets");
}
