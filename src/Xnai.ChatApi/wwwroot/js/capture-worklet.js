// Runs on the audio thread: hands each block of microphone samples (first channel) to the page.
class CaptureProcessor extends AudioWorkletProcessor {
  process(inputs) {
    const input = inputs[0];
    if (input && input.length > 0 && input[0].length > 0) {
      this.port.postMessage(input.map((channel) => channel.slice()));
    }
    return true;
  }
}

registerProcessor('xnai-capture', CaptureProcessor);
