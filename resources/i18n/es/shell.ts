<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name>Appearance</name>
    <message>
        <location filename="../../../cnnviz/gui/appearance.py" line="92"/>
        <source>System colours (dark plots)</source>
        <translation>Colores del sistema (gráficos oscuros)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/appearance.py" line="93"/>
        <source>Dark</source>
        <translation>Oscuro</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/appearance.py" line="94"/>
        <source>Light</source>
        <translation>Claro</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/appearance.py" line="170"/>
        <source>&amp;Theme</source>
        <translation>&amp;Tema</translation>
    </message>
</context>
<context>
    <name>ArchitectureDialog</name>
    <message>
        <location filename="../../../cnnviz/gui/load_dialogs.py" line="167"/>
        <source>Which architecture?</source>
        <translation>¿Qué arquitectura?</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/load_dialogs.py" line="171"/>
        <source>{error}&lt;br&gt;&lt;br&gt;The weights alone cannot tell these apart (they differ in what has no weights: pooling, activations). Pick the one the file was saved from.</source>
        <translation>{error}&lt;br&gt;&lt;br&gt;Los pesos por sí solos no permiten distinguirlas (difieren en lo que no tiene pesos: pooling, activaciones). Elegir aquella con la que se guardó el archivo.</translation>
    </message>
</context>
<context>
    <name>Capabilities</name>
    <message>
        <location filename="../../../cnnviz/gui/capability_words.py" line="18"/>
        <source>Prediction</source>
        <translation>Predicción</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/capability_words.py" line="19"/>
        <source>Activations</source>
        <translation>Activaciones</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/capability_words.py" line="20"/>
        <source>Architecture table</source>
        <translation>Tabla de arquitectura</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/capability_words.py" line="21"/>
        <source>Filters</source>
        <translation>Filtros</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/capability_words.py" line="22"/>
        <source>Receptive fields</source>
        <translation>Campos receptivos</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/capability_words.py" line="23"/>
        <source>Pooling</source>
        <translation>Pooling</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/capability_words.py" line="24"/>
        <source>Convolution step-through</source>
        <translation>Convolución paso a paso</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/capability_words.py" line="25"/>
        <source>Training</source>
        <translation>Entrenamiento</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/capability_words.py" line="26"/>
        <source>Deconvnet</source>
        <translation>Deconvnet</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/capability_words.py" line="27"/>
        <source>Grad-CAM</source>
        <translation>Grad-CAM</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/capability_words.py" line="28"/>
        <source>Saliency</source>
        <translation>Saliencia</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/capability_words.py" line="29"/>
        <source>Occlusion</source>
        <translation>Oclusión</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/capability_words.py" line="33"/>
        <source>the model fails on an input: {error}</source>
        <translation>el modelo falla con una entrada: {error}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/capability_words.py" line="34"/>
        <source>the model returned no tensor</source>
        <translation>el modelo no devolvió ningún tensor</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/capability_words.py" line="35"/>
        <source>per-layer outputs cannot be read ({why})</source>
        <translation>no se pueden leer las salidas de cada capa ({why})</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/capability_words.py" line="36"/>
        <source>TorchScript modules refuse layer hooks</source>
        <translation>los módulos TorchScript no admiten hooks en las capas</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/capability_words.py" line="37"/>
        <source>no layer outputs can be recorded</source>
        <translation>no se puede registrar ninguna salida de capa</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/capability_words.py" line="38"/>
        <source>its layers are graph pieces, not PyTorch layers whose kernels and strides can be read</source>
        <translation>sus capas son piezas de un grafo, no capas de PyTorch cuyos kernels y pasos se puedan leer</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/capability_words.py" line="42"/>
        <source>no nn.Conv2d layers</source>
        <translation>no tiene capas nn.Conv2d</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/capability_words.py" line="43"/>
        <source>no pooling layers</source>
        <translation>no tiene capas de pooling</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/capability_words.py" line="44"/>
        <source>approximate: torch.fx cannot trace the model ({error})</source>
        <translation>aproximado: torch.fx no puede trazar el modelo ({error})</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/capability_words.py" line="45"/>
        <source>gradients do not reach the input ({why})</source>
        <translation>los gradientes no llegan a la entrada ({why})</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/capability_words.py" line="46"/>
        <source>the output does not depend on the input through autograd</source>
        <translation>la salida no depende de la entrada a través de autograd</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/capability_words.py" line="47"/>
        <source>the input gradient is not finite</source>
        <translation>el gradiente de la entrada no es finito</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/capability_words.py" line="48"/>
        <source>its ReLUs are graph operators, which the deconvnet&apos;s backward rule cannot replace</source>
        <translation>sus ReLU son operadores del grafo, que la regla hacia atrás de la deconvnet no puede sustituir</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/capability_words.py" line="52"/>
        <source>cnnviz can only train models it can rebuild and save; this {kind} has no architecture it knows</source>
        <translation>cnnviz solo puede entrenar modelos que sabe reconstruir y guardar; este {kind} no tiene una arquitectura conocida</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/capability_words.py" line="56"/>
        <source>model</source>
        <translation>modelo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/capability_words.py" line="57"/>
        <source>every parameter is frozen</source>
        <translation>todos los parámetros están congelados</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/capability_words.py" line="61"/>
        <source>built-in model</source>
        <translation>modelo integrado</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/capability_words.py" line="62"/>
        <source>cnnviz checkpoint</source>
        <translation>punto de control de cnnviz</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/capability_words.py" line="63"/>
        <source>safetensors file</source>
        <translation>archivo safetensors</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/capability_words.py" line="64"/>
        <source>pickled PyTorch model</source>
        <translation>modelo PyTorch serializado con pickle</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/capability_words.py" line="65"/>
        <source>TorchScript file</source>
        <translation>archivo TorchScript</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/capability_words.py" line="66"/>
        <source>torch.export program</source>
        <translation>programa torch.export</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/capability_words.py" line="67"/>
        <source>ONNX file</source>
        <translation>archivo ONNX</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/capability_words.py" line="70"/>
        <source>functional operations not shown: model cannot be traced ({why})</source>
        <translation>operaciones funcionales no mostradas: no se puede trazar el modelo ({why})</translation>
    </message>
</context>
<context>
    <name>DrawingCanvas</name>
    <message>
        <location filename="../../../cnnviz/gui/canvas.py" line="65"/>
        <source>Draw here</source>
        <translation>Dibujar aquí</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <location filename="../../../cnnviz/gui/export_captions.py" line="19"/>
        <source>The drawn or opened image, and the exact tensor the model receives.</source>
        <translation>La imagen dibujada o abierta, y el tensor exacto que recibe el modelo.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export_captions.py" line="22"/>
        <source>Class probabilities from the softmax output; the longest bar is the prediction.</source>
        <translation>Probabilidades de cada clase a la salida del softmax; la barra más larga es la predicción.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export_captions.py" line="25"/>
        <source>Every layer with its type, output shape, parameters and receptive field.</source>
        <translation>Todas las capas con su tipo, forma de salida, parámetros y campo receptivo.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export_captions.py" line="28"/>
        <source>The feature maps of the selected layer: bright where a filter responds strongly.</source>
        <translation>Los mapas de características de la capa seleccionada: claros donde un filtro responde con fuerza.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export_captions.py" line="31"/>
        <source>The learned kernels of the selected convolution layer.</source>
        <translation>Los kernels aprendidos de la capa de convolución seleccionada.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export_captions.py" line="32"/>
        <source>A unit&apos;s activation projected back to pixel space (Zeiler &amp; Fergus, 2014).</source>
        <translation>La activación de una unidad proyectada de vuelta al espacio de píxeles (Zeiler y Fergus, 2014).</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export_captions.py" line="35"/>
        <source>Which pixels matter for the prediction (occlusion, Grad-CAM, saliency).</source>
        <translation>Qué píxeles importan para la predicción (oclusión, Grad-CAM, saliencia).</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export_captions.py" line="38"/>
        <source>Loss and accuracy of the training run, epoch by epoch.</source>
        <translation>Pérdida y exactitud del entrenamiento, época a época.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export_captions.py" line="39"/>
        <source>A kernel of the real layer sliding over the real input, number by number.</source>
        <translation>Un kernel de la capa real deslizándose sobre la entrada real, número a número.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export_captions.py" line="42"/>
        <source>A classic image kernel (blur, edges, sharpen) applied to the input.</source>
        <translation>Un kernel de imagen clásico (desenfoque, bordes, enfoque) aplicado a la entrada.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export_captions.py" line="45"/>
        <source>A pooling layer&apos;s input and pooled output side by side, the chosen cells marked.</source>
        <translation>La entrada y la salida de una capa de pooling lado a lado, con las celdas elegidas marcadas.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export_captions.py" line="48"/>
        <source>A practice question on convolution arithmetic, with its worked solution.</source>
        <translation>Un ejercicio de aritmética de la convolución, con su solución desarrollada.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export.py" line="44"/>
        <source>the disk is full</source>
        <translation>el disco está lleno</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export.py" line="45"/>
        <source>the disk quota is exceeded</source>
        <translation>se ha superado la cuota de disco</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export.py" line="46"/>
        <location filename="../../../cnnviz/gui/export.py" line="47"/>
        <source>permission denied — choose another folder</source>
        <translation>permiso denegado: elegir otra carpeta</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export.py" line="48"/>
        <source>the folder is read-only</source>
        <translation>la carpeta es de solo lectura</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export.py" line="49"/>
        <source>the folder does not exist</source>
        <translation>la carpeta no existe</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export.py" line="50"/>
        <source>part of the path is not a folder</source>
        <translation>parte de la ruta no es una carpeta</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export.py" line="51"/>
        <source>a folder of that name is in the way</source>
        <translation>ya hay una carpeta con ese nombre</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export.py" line="69"/>
        <source>The {panel} panel is hidden: show it first (View ▸ {panel} panel).</source>
        <translation>El panel {panel} está oculto: mostrarlo primero (Ver ▸ Panel {panel}).</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export.py" line="82"/>
        <source>The {panel} panel has no room on screen: make it larger first.</source>
        <translation>El panel {panel} no tiene espacio en pantalla: agrandarlo primero.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export.py" line="134"/>
        <source>Could not encode the picture as PNG.</source>
        <translation>No se pudo codificar la imagen como PNG.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export.py" line="174"/>
        <source>Could not write {name} to {folder}: {reason}.</source>
        <translation>No se pudo escribir {name} en {folder}: {reason}.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export.py" line="209"/>
        <source>({count} files were written before.)</source>
        <translation>(Antes se escribieron {count} archivos).</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export_captions.py" line="101"/>
        <source>Model: {model}</source>
        <translation>Modelo: {model}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export_captions.py" line="104"/>
        <source>Layer: {layer}</source>
        <translation>Capa: {layer}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export_actions.py" line="36"/>
        <source>PNG image (*.png)</source>
        <translation>Imagen PNG (*.png)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export_actions.py" line="37"/>
        <source>PNG image, 2× for print (*.png)</source>
        <translation>Imagen PNG, 2× para imprimir (*.png)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export_actions.py" line="40"/>
        <source>PNG and SVG</source>
        <translation>PNG y SVG</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export_actions.py" line="41"/>
        <source>PNG, 2× for print</source>
        <translation>PNG, 2× para imprimir</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export_commands.py" line="33"/>
        <source>Export failed</source>
        <translation>No se pudo exportar</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export_commands.py" line="54"/>
        <source>Copied the {panel} panel ({width}×{height} pixels) to the clipboard</source>
        <translation>Panel {panel} copiado al portapapeles ({width}×{height} píxeles)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export_commands.py" line="69"/>
        <source>Wrote {count} files to {folder}</source>
        <translation>Se escribieron {count} archivos en {folder}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export_commands.py" line="80"/>
        <source>Saved {path} ({pages} pages)</source>
        <translation>Guardado en {path} ({pages} páginas)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export_commands.py" line="89"/>
        <source>Saved {path}</source>
        <translation>Guardado en {path}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export_actions.py" line="50"/>
        <source>as &amp;PNG…</source>
        <translation>como &amp;PNG…</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export_actions.py" line="51"/>
        <source>as &amp;SVG…</source>
        <translation>como &amp;SVG…</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export_actions.py" line="54"/>
        <source>&amp;Copy to clipboard</source>
        <translation>&amp;Copiar al portapapeles</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export_actions.py" line="60"/>
        <source>Export &amp;all panels…</source>
        <translation>Exportar &amp;todos los paneles…</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export_actions.py" line="66"/>
        <source>Export &amp;handout (PDF)…</source>
        <translation>Exportar a&amp;puntes de clase (PDF)…</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export_actions.py" line="77"/>
        <source>&amp;Export panel</source>
        <translation>E&amp;xportar panel</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export_actions.py" line="97"/>
        <source>Export {panel} as PNG…</source>
        <translation>Exportar {panel} como PNG…</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export_actions.py" line="101"/>
        <source>Export {panel} as SVG…</source>
        <translation>Exportar {panel} como SVG…</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export_actions.py" line="105"/>
        <source>Copy {panel} to clipboard</source>
        <translation>Copiar {panel} al portapapeles</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export_actions.py" line="163"/>
        <source>No panel is shown: nothing to export</source>
        <translation>No se muestra ningún panel: nada que exportar</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export_actions.py" line="169"/>
        <source>Panel:</source>
        <translation>Panel:</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export_actions.py" line="197"/>
        <source>Export panel as PNG</source>
        <translation>Exportar panel como PNG</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export_actions.py" line="210"/>
        <source>Export panel as SVG</source>
        <translation>Exportar panel como SVG</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export_actions.py" line="215"/>
        <source>SVG drawing (*.svg)</source>
        <translation>Dibujo SVG (*.svg)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export_actions.py" line="226"/>
        <source>Copy panel to clipboard</source>
        <translation>Copiar panel al portapapeles</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export_actions.py" line="234"/>
        <source>Export all panels to folder</source>
        <translation>Exportar todos los paneles a una carpeta</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export_actions.py" line="243"/>
        <source>Export all panels</source>
        <translation>Exportar todos los paneles</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export_actions.py" line="244"/>
        <source>Format:</source>
        <translation>Formato:</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export_actions.py" line="260"/>
        <source>Export handout (PDF)</source>
        <translation>Exportar apuntes de clase (PDF)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/export_actions.py" line="261"/>
        <source>PDF document (*.pdf)</source>
        <translation>Documento PDF (*.pdf)</translation>
    </message>
</context>
<context>
    <name>FrameSources</name>
    <message>
        <location filename="../../../cnnviz/gui/frame_sources.py" line="22"/>
        <source>No camera found — connect one or use the test pattern.</source>
        <translation>No se encontró ninguna cámara: conectar una o usar la imagen de prueba.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/frame_sources.py" line="23"/>
        <source>Camera support needs Qt Multimedia, which cannot be loaded here ({reason}) — it comes with PySide6-Addons and needs the system&apos;s PulseAudio library (libpulse); the test pattern works without it.</source>
        <translation>La cámara necesita Qt Multimedia, que no se puede cargar aquí ({reason}): viene con PySide6-Addons y necesita la biblioteca PulseAudio del sistema (libpulse); la imagen de prueba funciona sin ella.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/frame_sources.py" line="232"/>
        <source>unknown error</source>
        <translation>error desconocido</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/frame_sources.py" line="234"/>
        <source>The camera stopped: {reason}</source>
        <translation>La cámara se detuvo: {reason}</translation>
    </message>
</context>
<context>
    <name>Handout</name>
    <message>
        <location filename="../../../cnnviz/gui/handout.py" line="69"/>
        <source>no model</source>
        <translation>sin modelo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/handout.py" line="78"/>
        <source>cnnviz handout — {model}</source>
        <translation>Apuntes de clase de cnnviz — {model}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/handout.py" line="84"/>
        <source>Could not start the PDF document.</source>
        <translation>No se pudo crear el documento PDF.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/handout.py" line="112"/>
        <source>d MMMM yyyy</source>
        <translation>d &apos;de&apos; MMMM &apos;de&apos; yyyy</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/handout.py" line="142"/>
        <source>cnnviz · {model} · {date} · page {number} of {pages}</source>
        <translation>cnnviz · {model} · {date} · página {number} de {pages}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/handout.py" line="166"/>
        <source>cnnviz handout: {name}</source>
        <translation>Apuntes de clase de cnnviz: {name}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/handout.py" line="187"/>
        <source>Prediction: none yet (draw or open an image).</source>
        <translation>Predicción: todavía ninguna (dibujar o abrir una imagen).</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/handout.py" line="190"/>
        <source>Prediction: {label} ({percent})</source>
        <translation>Predicción: {label} ({percent})</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/handout.py" line="195"/>
        <source>; next: {others}</source>
        <translation>; siguientes: {others}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/handout.py" line="233"/>
        <source>(The panel had no room on screen: enlarge it and export again.)</source>
        <translation>(El panel no tenía espacio en pantalla: agrandarlo y exportar de nuevo).</translation>
    </message>
</context>
<context>
    <name>InferenceWorker</name>
    <message>
        <location filename="../../../cnnviz/gui/inference_worker.py" line="27"/>
        <source>There is no ink to classify: draw something first.</source>
        <translation>No hay trazos que clasificar: dibujar algo primero.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/inference_worker.py" line="28"/>
        <source>The image is empty (zero width or height).</source>
        <translation>La imagen está vacía (ancho o alto cero).</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/inference_worker.py" line="165"/>
        <source>The model failed on this input: {error}</source>
        <translation>El modelo falló con esta entrada: {error}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/inference_worker.py" line="190"/>
        <source>The GPU ran out of memory for this model and input. Choose the CPU as the device (Device, in the status bar), or a smaller model or input.</source>
        <translation>La GPU se quedó sin memoria con este modelo y esta entrada. Elegir la CPU como dispositivo (Dispositivo, en la barra de estado), o un modelo o una entrada más pequeños.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/inference_worker.py" line="195"/>
        <source>The computer ran out of memory for this model and input: close other programs, or choose a smaller model or input.</source>
        <translation>El ordenador se quedó sin memoria con este modelo y esta entrada: cerrar otros programas, o elegir un modelo o una entrada más pequeños.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/inference_worker.py" line="208"/>
        <source>The model&apos;s weights contain NaN or infinite values (did its training diverge?), so its output is not a number. Open or train other weights.</source>
        <translation>Los pesos del modelo contienen valores NaN o infinitos (¿divergió el entrenamiento?), así que su salida no es un número. Abrir o entrenar otros pesos.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/inference_worker.py" line="213"/>
        <source>The model&apos;s output for this input is not a number (NaN or infinity).</source>
        <translation>La salida del modelo para esta entrada no es un número (NaN o infinito).</translation>
    </message>
</context>
<context>
    <name>InputEditor</name>
    <message>
        <location filename="../../../cnnviz/gui/model_info.py" line="90"/>
        <source>Input the model expects</source>
        <translation>Entrada que espera el modelo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/model_info.py" line="97"/>
        <source>Apply</source>
        <translation>Aplicar</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/model_info.py" line="102"/>
        <source>Channels</source>
        <translation>Canales</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/model_info.py" line="103"/>
        <source>Height</source>
        <translation>Alto</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/model_info.py" line="104"/>
        <source>Width</source>
        <translation>Ancho</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/model_info.py" line="105"/>
        <source>Mean (per channel)</source>
        <translation>Media (por canal)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/model_info.py" line="106"/>
        <source>Std (per channel)</source>
        <translation>Desviación típica (por canal)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/model_info.py" line="113"/>
        <source>Input: guessed — set it if the model expects another</source>
        <translation>Entrada: supuesta; indicarla si el modelo espera otra</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/model_info.py" line="113"/>
        <source>Input</source>
        <translation>Entrada</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/model_info.py" line="129"/>
        <source>give one mean and one non-zero std, or {count} of each</source>
        <translation>indicar una media y una desviación típica no nula, o {count} de cada una</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/model_info.py" line="149"/>
        <source>Not applied: {reason}</source>
        <translation>No se aplicó: {reason}</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <location filename="../../../cnnviz/gui/i18n.py" line="32"/>
        <source>System language</source>
        <translation>Idioma del sistema</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <location filename="../../../cnnviz/gui/language_menu.py" line="68"/>
        <source>&amp;Language</source>
        <translation>&amp;Idioma</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/language_menu.py" line="109"/>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/language_menu.py" line="110"/>
        <source>The language changes when cnnviz restarts.</source>
        <translation>El idioma cambia al reiniciar cnnviz.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/language_menu.py" line="112"/>
        <source>Restart now</source>
        <translation>Reiniciar ahora</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/language_menu.py" line="115"/>
        <source>Later</source>
        <translation>Más tarde</translation>
    </message>
</context>
<context>
    <name>LoadDialogs</name>
    <message>
        <location filename="../../../cnnviz/gui/load_dialogs.py" line="31"/>
        <source>The model that was open stays open.</source>
        <translation>El modelo que estaba abierto sigue abierto.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/load_dialogs.py" line="32"/>
        <source>A state_dict (torch.save(model.state_dict())), TorchScript, ONNX or safetensors file opens without this question: none of them runs code.</source>
        <translation>Un archivo state_dict (torch.save(model.state_dict())), TorchScript, ONNX o safetensors se abre sin esta pregunta: ninguno de ellos ejecuta código.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/load_dialogs.py" line="65"/>
        <source>{error}&lt;br&gt;&lt;br&gt;Only continue if you made the file yourself or trust where it came from. {no_code}</source>
        <translation>{error}&lt;br&gt;&lt;br&gt;Continuar solo si el archivo es propio o si su procedencia es de confianza. {no_code}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/load_dialogs.py" line="71"/>
        <source>Run code from this file?</source>
        <translation>¿Ejecutar código de este archivo?</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/load_dialogs.py" line="72"/>
        <source>Loading &apos;{name}&apos; runs Python code from the file.</source>
        <translation>Cargar «{name}» ejecuta código Python del archivo.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/load_dialogs.py" line="78"/>
        <source>I trust this file</source>
        <translation>Confío en este archivo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/load_dialogs.py" line="88"/>
        <source>{error}&lt;br&gt;&lt;br&gt;With random weights every panel still works, but the predictions mean nothing. {keeps}</source>
        <translation>{error}&lt;br&gt;&lt;br&gt;Con pesos aleatorios todos los paneles siguen funcionando, pero las predicciones no significan nada. {keeps}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/load_dialogs.py" line="95"/>
        <source>Pretrained weights unavailable</source>
        <translation>Pesos preentrenados no disponibles</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/load_dialogs.py" line="96"/>
        <source>The pretrained weights of {name} could not be downloaded.</source>
        <translation>No se pudieron descargar los pesos preentrenados de {name}.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/load_dialogs.py" line="102"/>
        <source>Use random weights</source>
        <translation>Usar pesos aleatorios</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/load_dialogs.py" line="114"/>
        <source>missing in the file: {name}</source>
        <translation>falta en el archivo: {name}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/load_dialogs.py" line="115"/>
        <source>not in the architecture: {name}</source>
        <translation>no está en la arquitectura: {name}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/load_dialogs.py" line="116"/>
        <source>{name}: file {file}, architecture {architecture}</source>
        <translation>{name}: archivo {file}, arquitectura {architecture}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/load_dialogs.py" line="118"/>
        <source>Closest architecture: {description}</source>
        <translation>Arquitectura más cercana: {description}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/load_dialogs.py" line="133"/>
        <source>{error}&lt;br&gt;&lt;br&gt;Save a cnnviz checkpoint, or put the builder design beside the file as JSON (model.json for model.pt). {keeps}</source>
        <translation>{error}&lt;br&gt;&lt;br&gt;Guardar un punto de control de cnnviz, o poner el diseño del constructor junto al archivo como JSON (model.json para model.pt). {keeps}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/load_dialogs.py" line="140"/>
        <source>No architecture fits these weights</source>
        <translation>Ninguna arquitectura encaja con estos pesos</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/load_dialogs.py" line="141"/>
        <source>cnnviz knows no architecture with exactly these tensors.</source>
        <translation>cnnviz no conoce ninguna arquitectura con exactamente estos tensores.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/load_dialogs.py" line="153"/>
        <source>Could not open the model</source>
        <translation>No se pudo abrir el modelo</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../../cnnviz/gui/main_window.py" line="238"/>
        <source>Training is running</source>
        <translation>El entrenamiento está en curso</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/main_window.py" line="239"/>
        <source>A training run is in progress. Stop it and quit?</source>
        <translation>Hay un entrenamiento en curso. ¿Detenerlo y salir?</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/main_window.py" line="240"/>
        <source>Save checkpoint and quit</source>
        <translation>Guardar punto de control y salir</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/main_window.py" line="241"/>
        <source>Discard and quit</source>
        <translation>Descartar y salir</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/main_window.py" line="275"/>
        <source>About cnnviz</source>
        <translation>Acerca de cnnviz</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/main_window.py" line="277"/>
        <source>&lt;b&gt;cnnviz {version}&lt;/b&gt;&lt;p&gt;See inside convolutional neural networks: draw a digit and watch every layer respond.&lt;/p&gt;&lt;p&gt;PySide6 · PyTorch · pyqtgraph&lt;/p&gt;</source>
        <translation>&lt;b&gt;cnnviz {version}&lt;/b&gt;&lt;p&gt;Ver por dentro las redes neuronales convolucionales: dibujar un dígito y observar cómo responde cada capa.&lt;/p&gt;&lt;p&gt;PySide6 · PyTorch · pyqtgraph&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>Menus</name>
    <message>
        <location filename="../../../cnnviz/gui/menus.py" line="25"/>
        <source>LeNet-5 (digits, trained)</source>
        <translation>LeNet-5 (dígitos, entrenado)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/menus.py" line="26"/>
        <source>TinyVGG (64×64 RGB)</source>
        <translation>TinyVGG (64×64 RGB)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/menus.py" line="36"/>
        <source>Images ({patterns});;All files (*)</source>
        <translation>Imágenes ({patterns});;Todos los archivos (*)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/menus.py" line="54"/>
        <source>&amp;Open image…</source>
        <translation>&amp;Abrir imagen…</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/menus.py" line="59"/>
        <source>&amp;Quit</source>
        <translation>Sa&amp;lir</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/menus.py" line="61"/>
        <source>&amp;Undo</source>
        <translation>&amp;Deshacer</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/menus.py" line="62"/>
        <source>&amp;Redo</source>
        <translation>&amp;Rehacer</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/menus.py" line="65"/>
        <source>&amp;Paste image</source>
        <translation>&amp;Pegar imagen</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/menus.py" line="70"/>
        <source>&amp;Clear canvas</source>
        <translation>&amp;Borrar lienzo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/menus.py" line="73"/>
        <source>&amp;Eraser</source>
        <translation>Borr&amp;ador</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/menus.py" line="77"/>
        <source>Open model &amp;file…</source>
        <translation>Abrir archivo de mo&amp;delo…</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/menus.py" line="83"/>
        <source>Open &amp;model…</source>
        <translation>Abrir &amp;modelo…</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/menus.py" line="89"/>
        <source>Model &amp;info…</source>
        <translation>&amp;Información del modelo…</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/menus.py" line="94"/>
        <source>&amp;Reset layout</source>
        <translation>&amp;Restablecer la distribución</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/menus.py" line="97"/>
        <source>&amp;Presenter mode</source>
        <translation>Modo &amp;presentador</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/menus.py" line="99"/>
        <source>&amp;About cnnviz</source>
        <translation>Acerca &amp;de cnnviz</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/menus.py" line="101"/>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/menus.py" line="110"/>
        <source>&amp;Edit</source>
        <translation>&amp;Edición</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/menus.py" line="114"/>
        <source>&amp;Model</source>
        <translation>&amp;Modelo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/menus.py" line="124"/>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/menus.py" line="127"/>
        <source>{panel} panel</source>
        <translation>Panel {panel}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/menus.py" line="137"/>
        <source>&amp;Help</source>
        <translation>Ay&amp;uda</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/menus.py" line="146"/>
        <source>Open image</source>
        <translation>Abrir imagen</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/menus.py" line="155"/>
        <source>Open model file</source>
        <translation>Abrir archivo de modelo</translation>
    </message>
</context>
<context>
    <name>MessageBanner</name>
    <message>
        <location filename="../../../cnnviz/gui/widgets.py" line="22"/>
        <source>Dismiss</source>
        <translation>Descartar</translation>
    </message>
</context>
<context>
    <name>ModelInfo</name>
    <message>
        <location filename="../../../cnnviz/gui/model_info.py" line="48"/>
        <source>torchvision model</source>
        <translation>modelo de torchvision</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/model_info.py" line="49"/>
        <source>PyTorch module in memory</source>
        <translation>módulo de PyTorch en memoria</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/model_info.py" line="64"/>
        <source>centre crop of {size}</source>
        <translation>recorte central de {size}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/model_info.py" line="66"/>
        <source>MNIST-style centring</source>
        <translation>centrado al estilo MNIST</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/model_info.py" line="68"/>
        <source>resize</source>
        <translation>redimensionado</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/model_info.py" line="69"/>
        <source>{shape} ({how}), mean {mean}, std {std}</source>
        <translation>{shape} ({how}), media {mean}, desviación típica {std}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/model_info.py" line="77"/>
        <source>All {count} panels and methods work for this model</source>
        <translation>Los {count} paneles y métodos funcionan con este modelo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/model_info.py" line="79"/>
        <source>Not available for this model: {names} (Model ▸ Model info… says why)</source>
        <translation>No disponible para este modelo: {names} (Modelo ▸ Información del modelo… explica por qué)</translation>
    </message>
</context>
<context>
    <name>ModelInfoDialog</name>
    <message>
        <location filename="../../../cnnviz/gui/model_info.py" line="161"/>
        <source>Model info</source>
        <translation>Información del modelo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/model_info.py" line="169"/>
        <source>Panel or method</source>
        <translation>Panel o método</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/model_info.py" line="169"/>
        <source>Why not / note</source>
        <translation>Por qué no / nota</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/model_info.py" line="196"/>
        <source>No model is open.</source>
        <translation>No hay ningún modelo abierto.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/model_info.py" line="199"/>
        <source>trained</source>
        <translation>entrenados</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/model_info.py" line="199"/>
        <source>random (as initialised)</source>
        <translation>aleatorios (tal como se inicializaron)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/model_info.py" line="201"/>
        <source>pretrained ({weights})</source>
        <translation>preentrenados ({weights})</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/model_info.py" line="202"/>
        <source> — guessed</source>
        <translation> — supuesta</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/model_info.py" line="205"/>
        <source>Source: {source}</source>
        <translation>Origen: {source}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/model_info.py" line="206"/>
        <source>Format: {format}</source>
        <translation>Formato: {format}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/model_info.py" line="207"/>
        <source>Weights: {weights}, {count} parameters</source>
        <translation>Pesos: {weights}, {count} parámetros</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/model_info.py" line="210"/>
        <source>Input: {input}</source>
        <translation>Entrada: {input}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/model_info.py" line="213"/>
        <source>Note: {note}</source>
        <translation>Nota: {note}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/model_info.py" line="233"/>
        <source>Not checked for this model: every panel tries</source>
        <translation>No comprobado para este modelo: cada panel lo intenta</translation>
    </message>
</context>
<context>
    <name>ModelOpener</name>
    <message>
        <location filename="../../../cnnviz/gui/model_opening.py" line="86"/>
        <source>Open model file</source>
        <translation>Abrir archivo de modelo</translation>
    </message>
</context>
<context>
    <name>Numbers</name>
    <message>
        <location filename="../../../cnnviz/gui/numbers.py" line="23"/>
        <source>,</source>
        <comment>thousands separator</comment>
        <translation>&#xa0;</translation>
    </message>
</context>
<context>
    <name>OpenModelDialog</name>
    <message>
        <location filename="../../../cnnviz/gui/open_model_dialog.py" line="27"/>
        <source>Model files (*.pt *.pth *.ckpt *.pt2 *.onnx *.safetensors *.ts);;PyTorch (*.pt *.pth *.ckpt);;torch.export (*.pt2);;ONNX (*.onnx);;All files (*)</source>
        <translation>Archivos de modelo (*.pt *.pth *.ckpt *.pt2 *.onnx *.safetensors *.ts);;PyTorch (*.pt *.pth *.ckpt);;torch.export (*.pt2);;ONNX (*.onnx);;Todos los archivos (*)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/open_model_dialog.py" line="33"/>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/open_model_dialog.py" line="34"/>
        <source>Year</source>
        <translation>Año</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/open_model_dialog.py" line="35"/>
        <source>Parameters</source>
        <translation>Parámetros</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/open_model_dialog.py" line="36"/>
        <source>ImageNet top-1</source>
        <translation>Top-1 en ImageNet</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/open_model_dialog.py" line="37"/>
        <source>Weights</source>
        <translation>Pesos</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/open_model_dialog.py" line="57"/>
        <source>included</source>
        <translation>incluidos</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/open_model_dialog.py" line="59"/>
        <source>random</source>
        <translation>aleatorios</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/open_model_dialog.py" line="62"/>
        <source>cached</source>
        <translation>en caché</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/open_model_dialog.py" line="64"/>
        <source>download</source>
        <translation>descarga</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/open_model_dialog.py" line="65"/>
        <source>{size} MB</source>
        <translation>{size} MB</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/open_model_dialog.py" line="84"/>
        <source>Open model</source>
        <translation>Abrir modelo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/open_model_dialog.py" line="90"/>
        <source>Search any torchvision classification model: resnet, vit, convnext…</source>
        <translation>Buscar cualquier modelo de clasificación de torchvision: resnet, vit, convnext…</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/open_model_dialog.py" line="107"/>
        <source>Pretrained ImageNet weights</source>
        <translation>Pesos preentrenados de ImageNet</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/open_model_dialog.py" line="111"/>
        <source>Downloaded once from torchvision into torch&apos;s cache; Cancel stops it</source>
        <translation>Se descargan una vez de torchvision a la caché de torch; Cancelar detiene la descarga</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/open_model_dialog.py" line="114"/>
        <source>Open</source>
        <translation>Abrir</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/open_model_dialog.py" line="115"/>
        <source>Open file…</source>
        <translation>Abrir archivo…</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/open_model_dialog.py" line="118"/>
        <source>A model file: state_dict or checkpoint (.pt .pth .ckpt), pickled model, TorchScript, torch.export (.pt2), ONNX (.onnx), safetensors</source>
        <translation>Un archivo de modelo: state_dict o punto de control (.pt .pth .ckpt), modelo serializado con pickle, TorchScript, torch.export (.pt2), ONNX (.onnx), safetensors</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/open_model_dialog.py" line="155"/>
        <source>Reading torchvision&apos;s model list…</source>
        <translation>Leyendo la lista de modelos de torchvision…</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/open_model_dialog.py" line="239"/>
        <source>Open model file</source>
        <translation>Abrir archivo de modelo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/open_model_dialog.py" line="265"/>
        <source>Pretrained ImageNet weights (torchvision models only)</source>
        <translation>Pesos preentrenados de ImageNet (solo modelos de torchvision)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/open_model_dialog.py" line="267"/>
        <source>Pretrained ImageNet weights (cached)</source>
        <translation>Pesos preentrenados de ImageNet (en caché)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/open_model_dialog.py" line="269"/>
        <source>Pretrained ImageNet weights (download, once)</source>
        <translation>Pesos preentrenados de ImageNet (descarga única)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/open_model_dialog.py" line="271"/>
        <source>Pretrained ImageNet weights ({size} MB download, once)</source>
        <translation>Pesos preentrenados de ImageNet (descarga única de {size} MB)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/open_model_dialog.py" line="275"/>
        <source>Random weights: the architecture as initialised, so its predictions mean nothing yet.</source>
        <translation>Pesos aleatorios: la arquitectura tal como se inicializa, así que sus predicciones todavía no significan nada.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/open_model_dialog.py" line="280"/>
        <source>built into cnnviz</source>
        <translation>incluido en cnnviz</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/open_model_dialog.py" line="282"/>
        <source>torchvision: {name}</source>
        <translation>torchvision: {name}</translation>
    </message>
</context>
<context>
    <name>Panels</name>
    <message>
        <location filename="../../../cnnviz/gui/i18n.py" line="35"/>
        <source>Input</source>
        <translation>Entrada</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/i18n.py" line="36"/>
        <source>Prediction</source>
        <translation>Predicción</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/i18n.py" line="37"/>
        <source>Architecture</source>
        <translation>Arquitectura</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/i18n.py" line="38"/>
        <source>Activations</source>
        <translation>Activaciones</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/i18n.py" line="39"/>
        <source>Filters</source>
        <translation>Filtros</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/i18n.py" line="40"/>
        <source>Deconvnet</source>
        <translation>Deconvnet</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/i18n.py" line="41"/>
        <source>Attribution</source>
        <translation>Atribución</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/i18n.py" line="42"/>
        <source>Training</source>
        <translation>Entrenamiento</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/i18n.py" line="43"/>
        <source>Convolution</source>
        <translation>Convolución</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/i18n.py" line="44"/>
        <source>Image kernels</source>
        <translation>Kernels de imagen</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/i18n.py" line="45"/>
        <source>Pooling</source>
        <translation>Pooling</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/i18n.py" line="46"/>
        <source>Quiz</source>
        <translation>Ejercicios</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/i18n.py" line="47"/>
        <source>Top-9</source>
        <translation>Top-9</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/i18n.py" line="48"/>
        <source>Camera</source>
        <translation>Cámara</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../../../cnnviz/gui/preferences.py" line="36"/>
        <source>LeNet-5 (digits, trained)</source>
        <translation>LeNet-5 (dígitos, entrenado)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/preferences.py" line="37"/>
        <source>TinyVGG (64×64 RGB)</source>
        <translation>TinyVGG (64×64 RGB)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/preferences.py" line="106"/>
        <source>Preferences</source>
        <translation>Preferencias</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/preferences.py" line="119"/>
        <source>Smallest side of the drawing area on screen</source>
        <translation>Lado más corto del área de dibujo en pantalla</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/preferences.py" line="121"/>
        <source>Brush width on the 280×280 canvas</source>
        <translation>Grosor del pincel en el lienzo de 280×280</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/preferences.py" line="122"/>
        <source>Presenter mode (projector)</source>
        <translation>Modo presentador (proyector)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/preferences.py" line="124"/>
        <source>Large fonts, a thicker brush, high-contrast colour maps, advanced controls hidden (F5)</source>
        <translation>Letra grande, pincel más grueso, mapas de color de alto contraste, controles avanzados ocultos (F5)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/preferences.py" line="139"/>
        <source>The model used last</source>
        <translation>El último modelo usado</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/preferences.py" line="148"/>
        <source>Device:</source>
        <translation>Dispositivo:</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/preferences.py" line="149"/>
        <source>Model at start:</source>
        <translation>Modelo al iniciar:</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/preferences.py" line="150"/>
        <source>Language:</source>
        <translation>Idioma:</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/preferences.py" line="151"/>
        <source>The language takes effect after a restart.</source>
        <translation>El idioma cambia al reiniciar.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/preferences.py" line="152"/>
        <source>Theme:</source>
        <translation>Tema:</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/preferences.py" line="153"/>
        <source>Canvas size:</source>
        <translation>Tamaño del lienzo:</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/preferences.py" line="154"/>
        <source>Brush width:</source>
        <translation>Grosor del pincel:</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/preferences.py" line="236"/>
        <source>Pre&amp;ferences…</source>
        <translation>Pre&amp;ferencias…</translation>
    </message>
</context>
<context>
    <name>RecentFiles</name>
    <message>
        <location filename="../../../cnnviz/gui/recent_files.py" line="19"/>
        <source>Sessions</source>
        <translation>Sesiones</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/recent_files.py" line="20"/>
        <source>Models</source>
        <translation>Modelos</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/recent_files.py" line="21"/>
        <source>Images</source>
        <translation>Imágenes</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/recent_files.py" line="91"/>
        <source>{name} (torchvision, pretrained)</source>
        <translation>{name} (torchvision, preentrenado)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/recent_files.py" line="99"/>
        <source>{name}   (missing)</source>
        <translation>{name}   (no encontrado)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/recent_files.py" line="123"/>
        <source>No recent files</source>
        <translation>No hay archivos recientes</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/recent_files.py" line="127"/>
        <source>Remove missing files</source>
        <translation>Quitar los archivos que faltan</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/recent_files.py" line="129"/>
        <source>Clear recent</source>
        <translation>Vaciar recientes</translation>
    </message>
</context>
<context>
    <name>SessionActions</name>
    <message>
        <location filename="../../../cnnviz/gui/session_actions.py" line="37"/>
        <source>cnnviz session (*{suffix});;All files (*)</source>
        <translation>Sesión de cnnviz (*{suffix});;Todos los archivos (*)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/session_actions.py" line="66"/>
        <source>Session not saved</source>
        <translation>Sesión no guardada</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/session_actions.py" line="71"/>
        <source>Saved the session to {path}</source>
        <translation>Sesión guardada en {path}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/session_actions.py" line="74"/>
        <source>Saved the session to {path} (the model exists only in memory: save a checkpoint too)</source>
        <translation>Sesión guardada en {path} (el modelo solo existe en memoria: guardar también un punto de control)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/session_actions.py" line="89"/>
        <source>Save session</source>
        <translation>Guardar sesión</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/session_actions.py" line="96"/>
        <source>Open session</source>
        <translation>Abrir sesión</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/session_actions.py" line="110"/>
        <location filename="../../../cnnviz/gui/session_actions.py" line="152"/>
        <source>Session not opened</source>
        <translation>Sesión no abierta</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/session_actions.py" line="127"/>
        <source>Where is the model file {name} now?</source>
        <translation>¿Dónde está ahora el archivo de modelo {name}?</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/session_actions.py" line="139"/>
        <source>Session not opened: {name} was not found</source>
        <translation>Sesión no abierta: no se encontró {name}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/session_actions.py" line="149"/>
        <source>Cannot read &apos;{name}&apos;: {reason}</source>
        <translation>No se puede leer «{name}»: {reason}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/session_actions.py" line="157"/>
        <source>Different model file</source>
        <translation>Archivo de modelo distinto</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/session_actions.py" line="160"/>
        <source>&apos;{name}&apos; is not the file this session was saved with (its SHA-256 differs): it may have been retrained or replaced. Open the session with it anyway?</source>
        <translation>«{name}» no es el archivo con el que se guardó esta sesión (su SHA-256 es distinto): puede que se haya reentrenado o sustituido. ¿Abrir la sesión con él de todos modos?</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/session_actions.py" line="164"/>
        <source>Saved with: {saved}
Now: {now}</source>
        <translation>Guardada con: {saved}
Ahora: {now}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/session_actions.py" line="166"/>
        <source>Open anyway</source>
        <translation>Abrir de todos modos</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/session_actions.py" line="180"/>
        <source>Opened the session {name}</source>
        <translation>Sesión {name} abierta</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/session_actions.py" line="197"/>
        <source>&apos;{target}&apos; is no longer there: removed from Recent</source>
        <translation>«{target}» ya no existe: se quitó de Recientes</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/session_actions.py" line="198"/>
        <source>File not found</source>
        <translation>Archivo no encontrado</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/session_actions.py" line="239"/>
        <source>Open &amp;session…</source>
        <translation>Abrir &amp;sesión…</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/session_actions.py" line="245"/>
        <source>&amp;Save session</source>
        <translation>&amp;Guardar sesión</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/session_actions.py" line="251"/>
        <source>Save session &amp;as…</source>
        <translation>Guardar sesión &amp;como…</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/session_actions.py" line="262"/>
        <source>&amp;Recent</source>
        <translation>&amp;Recientes</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../../cnnviz/gui/shortcuts.py" line="61"/>
        <source>Other</source>
        <translation>Otros</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/shortcuts.py" line="71"/>
        <source>Keyboard shortcuts</source>
        <translation>Atajos de teclado</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/shortcuts.py" line="74"/>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/shortcuts.py" line="74"/>
        <source>Shortcut</source>
        <translation>Atajo</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <location filename="../../../cnnviz/gui/status.py" line="26"/>
        <source>{name} (trained, {count} parameters)</source>
        <translation>{name} (entrenado, {count} parámetros)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/status.py" line="28"/>
        <source>{name} (random weights, {count} parameters)</source>
        <translation>{name} (pesos aleatorios, {count} parámetros)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/status.py" line="38"/>
        <source>Starting…</source>
        <translation>Iniciando…</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/status.py" line="52"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/status.py" line="53"/>
        <source>Stop loading (a download stops at once); the current model stays</source>
        <translation>Detener la carga (una descarga se detiene al instante); el modelo actual se mantiene</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/status.py" line="57"/>
        <source>Where the model runs</source>
        <translation>Dónde se ejecuta el modelo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/status.py" line="63"/>
        <source>Device:</source>
        <translation>Dispositivo:</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/status.py" line="78"/>
        <source>Loading model {source}…</source>
        <translation>Cargando el modelo {source}…</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/status.py" line="95"/>
        <source>Could not load the model: {message}</source>
        <translation>No se pudo cargar el modelo: {message}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/status.py" line="101"/>
        <source>Cancelled loading {source}</source>
        <translation>Carga de {source} cancelada</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/status.py" line="103"/>
        <source>Cancelled loading {source}; still showing {model}</source>
        <translation>Carga de {source} cancelada; se sigue mostrando {model}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/status.py" line="115"/>
        <source>{model} — showing weights {label}</source>
        <translation>{model} — se muestran los pesos {label}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/status.py" line="40"/>
        <location filename="../../../cnnviz/gui/status.py" line="143"/>
        <source>forward {ms} ms</source>
        <translation>pasada hacia delante {ms} ms</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <location filename="../../../cnnviz/gui/welcome.py" line="30"/>
        <source>Draw a digit on the canvas and watch every feature map of conv1 respond as you draw.</source>
        <translation>Dibujar un dígito en el lienzo y observar cómo responde cada mapa de características de conv1 mientras se dibuja.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/welcome.py" line="36"/>
        <source>Each small square is one learned 5×5 kernel; the Convolution panel slides one over your input.</source>
        <translation>Cada cuadradito es un kernel de 5×5 aprendido; el panel Convolución desliza uno sobre la entrada.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/welcome.py" line="42"/>
        <source>The warm areas are the pixels that raised the top class&apos;s score the most.</source>
        <translation>Las zonas cálidas son los píxeles que más aumentaron la puntuación de la clase más probable.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/welcome.py" line="47"/>
        <source>Click a unit in Activations; Deconvnet projects what it responds to back onto the pixels.</source>
        <translation>Hacer clic en una unidad en Activaciones; Deconvnet proyecta a lo que responde de vuelta sobre los píxeles.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/welcome.py" line="115"/>
        <source>Draw a digit here</source>
        <translation>Dibujar un dígito aquí</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/welcome.py" line="154"/>
        <source>Draw a digit and watch the layers</source>
        <translation>Dibujar un dígito y observar las capas</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/welcome.py" line="155"/>
        <source>LeNet-5 with conv1&apos;s feature maps beside the canvas.</source>
        <translation>LeNet-5 con los mapas de características de conv1 junto al lienzo.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/welcome.py" line="159"/>
        <source>What does a filter see?</source>
        <translation>¿Qué ve un filtro?</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/welcome.py" line="161"/>
        <source>The learned kernels, and one of them stepping over your input.</source>
        <translation>Los kernels aprendidos, y uno de ellos recorriendo la entrada paso a paso.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/welcome.py" line="168"/>
        <source>Where does the network look?</source>
        <translation>¿Dónde mira la red?</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/welcome.py" line="169"/>
        <source>A sample digit and the map of the pixels that decide.</source>
        <translation>Un dígito de ejemplo y el mapa de los píxeles que deciden.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/welcome.py" line="181"/>
        <location filename="../../../cnnviz/gui/welcome.py" line="184"/>
        <source>Welcome to cnnviz</source>
        <translation>Bienvenida a cnnviz</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/welcome.py" line="187"/>
        <source>See inside a convolutional neural network. Pick a guided start, or close this and explore.</source>
        <translation>Ver por dentro una red neuronal convolucional. Elegir un inicio guiado, o cerrar esto y explorar.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/welcome.py" line="197"/>
        <source>Don&apos;t show this at start again</source>
        <translation>No volver a mostrar al iniciar</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/welcome.py" line="199"/>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/welcome.py" line="255"/>
        <source>&amp;Welcome…</source>
        <translation>&amp;Bienvenida…</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/welcome.py" line="257"/>
        <source>&amp;Keyboard shortcuts…</source>
        <translation>&amp;Atajos de teclado…</translation>
    </message>
</context>
</TS>
