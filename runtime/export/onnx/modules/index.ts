/** Registers every module converter: importing this is what makes a module type exportable. */
import './bricks.js';
import './csp_layer.js';
import './sppf_bottleneck.js';
import '../../../modules/starnet/onnx.js';
import '../../../modules/yolov5_csp_darknet/onnx.js';
import '../../../modules/yolov5_pafpn/onnx.js';
import '../../../modules/yolov5_head/onnx.js';
import '../../../modules/yolov8_csp_darknet/onnx.js';
import '../../../modules/yolov8_pafpn/onnx.js';
import '../../../modules/yolov8_head/onnx.js';
import '../../../modules/cspnext/onnx.js';
import '../../../modules/cspnext_pafpn/onnx.js';
import '../../../modules/rtmdet_head/onnx.js';
