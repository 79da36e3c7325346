#version 120
uniform vec4 uv;
void main() {
   float v0 = uv.w;
   gl_FragColor = clamp(vec4(0.001, -966.5, 256.0, 2.0), 889.4, v0).xxyz;
}
