#!/usr/bin/python3
"""FCN-8s (VGG16, 21 classes) in PyTorch with the graph of pytorch-fcn's FCN8s (with element-wise dropout, as Caffe and our net) and the reference
voc-fcn8s (conv1_1 pad 100, ceil pools, 7x7 fc6, bilinear fixed deconvolutions, crops 5, 9, 31),
timed exactly as bench/Workbench.Bench.Fcn does: 500x500, batch 1, CPU.
  mode=forward: one forward pass in inference mode (torch.inference_mode, eval); precision=bf16
                casts the net and the input to bfloat16 (PyTorch 1.13 runs it through oneDNN)
  mode=train:   forward, summed cross-entropy (255 ignored), backward, SGD step (momentum 0.99,
                weight decay 5e-4 on weights, biases 2x lr and no decay, deconvolutions frozen), float32
  mode=eval:    a VOC-layout split (data=ROOT: JPEGImages, SegmentationClass, ImageSets/Segmentation/
                val.txt) scored end to end: decode, mean subtraction, forward, argmax, confusion matrix
Prints one JSON line like the C# benchmark."""
import json, os, resource, sys, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class FCN8s(nn.Module):
    def __init__(self, n_class=21):
        super().__init__()
        def conv(i, o, k=3, p=1):
            return nn.Conv2d(i, o, k, padding=p)
        self.conv1_1 = conv(3, 64, p=100); self.relu1_1 = nn.ReLU(inplace=True)
        self.conv1_2 = conv(64, 64); self.relu1_2 = nn.ReLU(inplace=True)
        self.pool1 = nn.MaxPool2d(2, 2, ceil_mode=True)
        self.conv2_1 = conv(64, 128); self.relu2_1 = nn.ReLU(inplace=True)
        self.conv2_2 = conv(128, 128); self.relu2_2 = nn.ReLU(inplace=True)
        self.pool2 = nn.MaxPool2d(2, 2, ceil_mode=True)
        self.conv3_1 = conv(128, 256); self.relu3_1 = nn.ReLU(inplace=True)
        self.conv3_2 = conv(256, 256); self.relu3_2 = nn.ReLU(inplace=True)
        self.conv3_3 = conv(256, 256); self.relu3_3 = nn.ReLU(inplace=True)
        self.pool3 = nn.MaxPool2d(2, 2, ceil_mode=True)
        self.conv4_1 = conv(256, 512); self.relu4_1 = nn.ReLU(inplace=True)
        self.conv4_2 = conv(512, 512); self.relu4_2 = nn.ReLU(inplace=True)
        self.conv4_3 = conv(512, 512); self.relu4_3 = nn.ReLU(inplace=True)
        self.pool4 = nn.MaxPool2d(2, 2, ceil_mode=True)
        self.conv5_1 = conv(512, 512); self.relu5_1 = nn.ReLU(inplace=True)
        self.conv5_2 = conv(512, 512); self.relu5_2 = nn.ReLU(inplace=True)
        self.conv5_3 = conv(512, 512); self.relu5_3 = nn.ReLU(inplace=True)
        self.pool5 = nn.MaxPool2d(2, 2, ceil_mode=True)
        self.fc6 = nn.Conv2d(512, 4096, 7); self.relu6 = nn.ReLU(inplace=True); self.drop6 = nn.Dropout()
        self.fc7 = nn.Conv2d(4096, 4096, 1); self.relu7 = nn.ReLU(inplace=True); self.drop7 = nn.Dropout()
        self.score_fr = nn.Conv2d(4096, n_class, 1)
        self.score_pool3 = nn.Conv2d(256, n_class, 1)
        self.score_pool4 = nn.Conv2d(512, n_class, 1)
        self.upscore2 = nn.ConvTranspose2d(n_class, n_class, 4, stride=2, bias=False)
        self.upscore8 = nn.ConvTranspose2d(n_class, n_class, 16, stride=8, bias=False)
        self.upscore_pool4 = nn.ConvTranspose2d(n_class, n_class, 4, stride=2, bias=False)
        for m in (self.score_fr, self.score_pool3, self.score_pool4):
            nn.init.zeros_(m.weight); nn.init.zeros_(m.bias)
        for m in (self.upscore2, self.upscore8, self.upscore_pool4):
            m.weight.data.copy_(bilinear(n_class, m.kernel_size[0]))
            m.weight.requires_grad_(False)

    def forward(self, x):
        h = self.relu1_1(self.conv1_1(x)); h = self.relu1_2(self.conv1_2(h)); h = self.pool1(h)
        h = self.relu2_1(self.conv2_1(h)); h = self.relu2_2(self.conv2_2(h)); h = self.pool2(h)
        h = self.relu3_1(self.conv3_1(h)); h = self.relu3_2(self.conv3_2(h)); h = self.relu3_3(self.conv3_3(h))
        h = self.pool3(h); pool3 = h
        h = self.relu4_1(self.conv4_1(h)); h = self.relu4_2(self.conv4_2(h)); h = self.relu4_3(self.conv4_3(h))
        h = self.pool4(h); pool4 = h
        h = self.relu5_1(self.conv5_1(h)); h = self.relu5_2(self.conv5_2(h)); h = self.relu5_3(self.conv5_3(h))
        h = self.pool5(h)
        h = self.drop6(self.relu6(self.fc6(h)))
        h = self.drop7(self.relu7(self.fc7(h)))
        h = self.score_fr(h)
        h = self.up(self.upscore2, h); upscore2 = h
        h = self.score_pool4(pool4)[:, :, 5:5 + upscore2.size(2), 5:5 + upscore2.size(3)]
        h = upscore2 + h
        h = self.up(self.upscore_pool4, h); upscore_pool4 = h
        h = self.score_pool3(pool3)[:, :, 9:9 + upscore_pool4.size(2), 9:9 + upscore_pool4.size(3)]
        h = upscore_pool4 + h
        h = self.up(self.upscore8, h)
        return h[:, :, 31:31 + x.size(2), 31:31 + x.size(3)].contiguous()


    @staticmethod
    def up(deconv, h):
        # PyTorch 1.13's bfloat16 conv_transpose2d on the CPU refuses these shapes ("Kernel size
        # can't be greater than actual input size"), so in bf16 runs the three fixed deconvolutions
        # stay float32: under 1% of the net's operations.
        if deconv.weight.dtype != h.dtype:
            return deconv(h.float()).to(h.dtype)
        return deconv(h)


def bilinear(channels, k):
    factor = (k + 1) // 2
    centre = factor - 1 if k % 2 == 1 else factor - 0.5
    og = torch.arange(k, dtype=torch.float64)
    f1 = 1 - (og - centre).abs() / factor
    filt = (f1[:, None] * f1[None, :]).float()
    w = torch.zeros(channels, channels, k, k)
    w[range(channels), range(channels)] = filt
    return w


VOC_MEAN_BGR = np.array([104.00699, 116.66877, 122.67892], dtype=np.float32)


def evaluate(net, root, n_class=21):
    """Seconds to score the split, and its confusion matrix, as the workbench's `eval` does."""
    from PIL import Image
    ids = [l.strip() for l in open(os.path.join(root, 'ImageSets', 'Segmentation', 'val.txt')) if l.strip()]
    confusion = np.zeros((n_class, n_class), dtype=np.int64)
    net.eval()
    t = time.perf_counter()
    for i in ids:
        rgb = np.asarray(Image.open(os.path.join(root, 'JPEGImages', i + '.jpg')).convert('RGB'), dtype=np.float32)
        bgr = rgb[:, :, ::-1] - VOC_MEAN_BGR
        x = torch.from_numpy(np.ascontiguousarray(bgr.transpose(2, 0, 1)))[None]
        label = np.asarray(Image.open(os.path.join(root, 'SegmentationClass', i + '.png')), dtype=np.int64)
        with torch.inference_mode():
            predicted = net(x)[0].argmax(0).numpy()
        keep = label < n_class
        confusion += np.bincount(n_class * label[keep] + predicted[keep], minlength=n_class ** 2).reshape(n_class, n_class)
    return time.perf_counter() - t, confusion, len(ids)


def main():
    a = dict(arg.lstrip('-').split('=', 1) for arg in sys.argv[1:])
    mode = a.get('mode', 'forward'); threads = int(a.get('threads', '2'))
    repeats = int(a.get('repeats', '3')); size = int(a.get('size', '500'))
    precision = a.get('precision', 'fp32')
    device = torch.device(a.get('device', 'cpu'))
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    net = FCN8s().to(device)
    if mode == 'eval':
        evaluate(net, a['data'])   # warm-up
        runs = [evaluate(net, a['data']) for _ in range(repeats)]
        times = [r[0] for r in runs]
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
        print(json.dumps(dict(impl='pytorch', mode=mode, precision=precision, threads=threads, images=runs[0][2], times=times,
                              median=sorted(times)[len(times) // 2], pixels=int(runs[0][1].sum()), peak_rss_mb=peak,
                              torch=torch.__version__)))
        return
    dtype = torch.bfloat16 if precision == 'bf16' else torch.float32
    if mode == 'forward' and dtype != torch.float32:
        net = net.to(dtype)
        for m in (net.upscore2, net.upscore_pool4, net.upscore8):
            m.float()
    x = torch.randn(1, 3, size, size).to(device, dtype)
    y = torch.randint(0, 21, (1, size, size)).to(device)
    weights = [p for n, p in net.named_parameters() if p.requires_grad and not n.endswith('.bias')]
    biases = [p for n, p in net.named_parameters() if p.requires_grad and n.endswith('.bias')]
    sgd = torch.optim.SGD([{'params': weights, 'lr': 1e-10, 'weight_decay': 5e-4},
                           {'params': biases, 'lr': 2e-10, 'weight_decay': 0}], lr=1e-10, momentum=0.99)

    def once():
        t = time.perf_counter()
        if mode == 'forward':
            net.eval()
            with torch.inference_mode():
                out = net(x)
            assert out.shape[2] == size
        else:
            net.train()
            sgd.zero_grad(set_to_none=True)
            out = net(x)
            loss = F.cross_entropy(out, y, ignore_index=255, reduction='sum')
            loss.backward()
            sgd.step()
            loss.item()
        if device.type == 'cuda':
            torch.cuda.synchronize()   # the kernels are queued, not done
        return time.perf_counter() - t

    once()
    times = [once() for _ in range(repeats)]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(json.dumps(dict(impl='pytorch', mode=mode, precision=precision, device=str(device), threads=threads, size=size, times=times,
                          median=sorted(times)[len(times) // 2], peak_rss_mb=peak, torch=torch.__version__)))


if __name__ == '__main__':
    main()
