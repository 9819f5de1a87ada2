/** Registers every module converter: importing this is what makes a module type exportable. */
import './bricks.js';
import './csp_layer.js';
import './sppf_bottleneck.js';
import './starnet.js';
import './yolov5_csp_darknet.js';
import './yolov5_pafpn.js';
import './yolov5_head.js';
