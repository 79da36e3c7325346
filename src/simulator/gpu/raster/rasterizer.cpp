/* SPDX-License-Identifier: MIT */
#include "gpu/raster/rasterizer.h"

namespace lsgpu::sim
{

double
snapped_area(const RasterVertex v[3])
{
   int64_t x[3], y[3];
   if (!raster_detail::snap(v, x, y))
      return 0;
   const int64_t area = (x[1] - x[0]) * (y[2] - y[0]) - (x[2] - x[0]) * (y[1] - y[0]);
   constexpr int64_t kOne = raster_detail::kOne;
   return (double)area / (double)(kOne * kOne);
}

} // namespace lsgpu::sim
