<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name>BuilderDialog</name>
    <message>
        <location filename="../../../cnnviz/gui/training/builder_dialog.py" line="37"/>
        <source>relu</source>
        <translation>relu</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/builder_dialog.py" line="38"/>
        <source>leakyrelu</source>
        <translation>leakyrelu</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/builder_dialog.py" line="39"/>
        <source>elu</source>
        <translation>elu</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/builder_dialog.py" line="40"/>
        <source>tanh</source>
        <translation>tanh</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/builder_dialog.py" line="41"/>
        <source>sigmoid</source>
        <translation>sigmoide</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/builder_dialog.py" line="42"/>
        <source>zeros</source>
        <translation>ceros</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/builder_dialog.py" line="43"/>
        <source>reflect</source>
        <translation>reflejo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/builder_dialog.py" line="44"/>
        <source>replicate</source>
        <translation>réplica</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/builder_dialog.py" line="45"/>
        <source>circular</source>
        <translation>circular</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/builder_dialog.py" line="46"/>
        <source>none</source>
        <translation>ninguno</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/builder_dialog.py" line="47"/>
        <source>max</source>
        <translation>máx.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/builder_dialog.py" line="48"/>
        <source>avg</source>
        <translation>media</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/builder_dialog.py" line="51"/>
        <source>Filters</source>
        <translation>Filtros</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/builder_dialog.py" line="52"/>
        <source>Kernel</source>
        <translation>Kernel</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/builder_dialog.py" line="53"/>
        <source>Stride</source>
        <translation>Paso</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/builder_dialog.py" line="54"/>
        <source>Padding</source>
        <translation>Relleno</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/builder_dialog.py" line="55"/>
        <source>Padding mode</source>
        <translation>Modo de relleno</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/builder_dialog.py" line="56"/>
        <source>Activation</source>
        <translation>Activación</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/builder_dialog.py" line="57"/>
        <source>Batch norm</source>
        <translation>Norm. por lotes</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/builder_dialog.py" line="58"/>
        <source>Pool after</source>
        <translation>Pooling después</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/builder_dialog.py" line="105"/>
        <source>Build an architecture</source>
        <translation>Construir una arquitectura</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/builder_dialog.py" line="111"/>
        <source>Hidden fully connected layers, e.g. 120, 84 (empty: none)</source>
        <translation>Capas ocultas totalmente conectadas, p. ej. 120, 84 (vacío: ninguna)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/builder_dialog.py" line="118"/>
        <source>Layer</source>
        <translation>Capa</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/builder_dialog.py" line="118"/>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/builder_dialog.py" line="118"/>
        <location filename="../../../cnnviz/gui/training/builder_dialog.py" line="145"/>
        <source>Output</source>
        <translation>Salida</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/builder_dialog.py" line="118"/>
        <source>Params</source>
        <translation>Parámetros</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/builder_dialog.py" line="133"/>
        <source>Add convolution</source>
        <translation>Añadir convolución</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/builder_dialog.py" line="133"/>
        <source>Remove selected</source>
        <translation>Quitar seleccionadas</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/builder_dialog.py" line="141"/>
        <source>Input</source>
        <translation>Entrada</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/builder_dialog.py" line="142"/>
        <source>Hidden FC layers</source>
        <translation>Capas FC ocultas</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/builder_dialog.py" line="143"/>
        <source>FC activation</source>
        <translation>Activación FC</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/builder_dialog.py" line="144"/>
        <source>Dropout</source>
        <translation>Dropout</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../cnnviz/gui/training/builder_dialog.py" line="145"/>
        <source>%n class(es)</source>
        <translation>
            <numerusform>%n clase</numerusform>
            <numerusform>%n clases</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/builder_dialog.py" line="147"/>
        <source>Convolutions (a pooling choice ends a block):</source>
        <translation>Convoluciones (un pooling cierra un bloque):</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/builder_dialog.py" line="151"/>
        <source>Plan:</source>
        <translation>Plan:</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/builder_dialog.py" line="215"/>
        <source>Hidden FC layers: write whole numbers separated by commas, e.g. 120, 84</source>
        <translation>Capas FC ocultas: escribir números enteros separados por comas, p. ej. 120, 84</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../cnnviz/gui/training/builder_dialog.py" line="246"/>
        <source>%n layer(s), {params} parameters</source>
        <translation>
            <numerusform>%n capa, {params} parámetros</numerusform>
            <numerusform>%n capas, {params} parámetros</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CheckpointActions</name>
    <message>
        <location filename="../../../cnnviz/gui/training/checkpoint_actions.py" line="28"/>
        <source>cnnviz checkpoints (*.pt);;All files (*)</source>
        <translation>Puntos de control de cnnviz (*.pt);;Todos los archivos (*)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/checkpoint_actions.py" line="52"/>
        <source>Save checkpoint</source>
        <translation>Guardar punto de control</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/checkpoint_actions.py" line="64"/>
        <source>Could not save the checkpoint: {error}</source>
        <translation>No se pudo guardar el punto de control: {error}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/checkpoint_actions.py" line="66"/>
        <source>Saved {path}</source>
        <translation>Guardado en {path}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/checkpoint_actions.py" line="71"/>
        <source>Resume training</source>
        <translation>Reanudar entrenamiento</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/checkpoint_actions.py" line="87"/>
        <source>&apos;{name}&apos; holds no resumable run (no training state).</source>
        <translation>«{name}» no contiene un entrenamiento reanudable (no tiene estado de entrenamiento).</translation>
    </message>
</context>
<context>
    <name>ClassNames</name>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="28"/>
        <source>circle</source>
        <translation>círculo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="29"/>
        <source>square</source>
        <translation>cuadrado</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="30"/>
        <source>triangle</source>
        <translation>triángulo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="31"/>
        <source>star</source>
        <translation>estrella</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="32"/>
        <source>cross</source>
        <translation>cruz</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="33"/>
        <source>hexagon</source>
        <translation>hexágono</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="34"/>
        <source>ring</source>
        <translation>anillo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="35"/>
        <source>heart</source>
        <translation>corazón</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="39"/>
        <source>lifeboat</source>
        <translation>bote salvavidas</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="40"/>
        <source>ladybug</source>
        <translation>mariquita</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="41"/>
        <source>pizza</source>
        <translation>pizza</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="42"/>
        <source>bell pepper</source>
        <translation>pimiento</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="43"/>
        <source>school bus</source>
        <translation>autobús escolar</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="44"/>
        <source>koala</source>
        <translation>koala</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="45"/>
        <source>espresso</source>
        <translation>café expreso</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="46"/>
        <source>red panda</source>
        <translation>panda rojo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="47"/>
        <source>orange</source>
        <translation>naranja</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="48"/>
        <source>sport car</source>
        <translation>coche deportivo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="52"/>
        <source>T-shirt/top</source>
        <translation>Camiseta/top</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="53"/>
        <source>Trouser</source>
        <translation>Pantalón</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="54"/>
        <source>Pullover</source>
        <translation>Suéter</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="55"/>
        <source>Dress</source>
        <translation>Vestido</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="56"/>
        <source>Coat</source>
        <translation>Abrigo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="57"/>
        <source>Sandal</source>
        <translation>Sandalia</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="58"/>
        <source>Shirt</source>
        <translation>Camisa</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="59"/>
        <source>Sneaker</source>
        <translation>Zapatilla deportiva</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="60"/>
        <source>Bag</source>
        <translation>Bolso</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="61"/>
        <source>Ankle boot</source>
        <translation>Botín</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="65"/>
        <source>airplane</source>
        <translation>avión</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="66"/>
        <source>automobile</source>
        <translation>automóvil</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="67"/>
        <source>bird</source>
        <translation>pájaro</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="68"/>
        <source>cat</source>
        <translation>gato</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="69"/>
        <source>deer</source>
        <translation>ciervo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="70"/>
        <source>dog</source>
        <translation>perro</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="71"/>
        <source>frog</source>
        <translation>rana</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="72"/>
        <source>horse</source>
        <translation>caballo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="73"/>
        <source>ship</source>
        <translation>barco</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="74"/>
        <source>truck</source>
        <translation>camión</translation>
    </message>
</context>
<context>
    <name>Datasets</name>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="79"/>
        <source>Synthetic digits (offline)</source>
        <translation>Dígitos sintéticos (sin conexión)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="80"/>
        <source>Synthetic shapes (offline)</source>
        <translation>Formas sintéticas (sin conexión)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="81"/>
        <source>MNIST handwritten digits</source>
        <translation>MNIST: dígitos manuscritos</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="82"/>
        <source>Fashion-MNIST clothing images</source>
        <translation>Fashion-MNIST: imágenes de ropa</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="83"/>
        <source>Kuzushiji-MNIST cursive Japanese characters</source>
        <translation>Kuzushiji-MNIST: caracteres japoneses cursivos</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/class_names.py" line="84"/>
        <source>CIFAR-10 photos</source>
        <translation>CIFAR-10: fotos</translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <location filename="../../../cnnviz/gui/training/timeline.py" line="25"/>
        <source>Scrub through training: every panel shows the model as it was</source>
        <translation>Recorrer el entrenamiento: todos los paneles muestran el modelo tal como era</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/timeline.py" line="26"/>
        <source>Follow training</source>
        <translation>Seguir el entrenamiento</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/timeline.py" line="29"/>
        <location filename="../../../cnnviz/gui/training/timeline.py" line="45"/>
        <source>No snapshots yet</source>
        <translation>Aún no hay instantáneas</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/timeline.py" line="32"/>
        <source>Timeline</source>
        <translation>Línea de tiempo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/timeline.py" line="28"/>
        <location filename="../../../cnnviz/gui/training/timeline.py" line="72"/>
        <source>step {step} · epoch {epoch}</source>
        <translation>paso {step} · época {epoch}</translation>
    </message>
</context>
<context>
    <name>TrainingForm</name>
    <message>
        <location filename="../../../cnnviz/gui/training/fields.py" line="14"/>
        <source>Current model (continue training it)</source>
        <translation>Modelo actual (seguir entrenándolo)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/fields.py" line="15"/>
        <source>New LeNet-5</source>
        <translation>LeNet-5 nuevo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/fields.py" line="16"/>
        <source>New TinyVGG</source>
        <translation>TinyVGG nuevo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/fields.py" line="17"/>
        <source>Custom architecture (builder)</source>
        <translation>Arquitectura propia (constructor)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/fields.py" line="18"/>
        <source>Torchvision model (transfer learning)</source>
        <translation>Modelo de torchvision (aprendizaje por transferencia)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/fields.py" line="24"/>
        <source>SGD with momentum</source>
        <translation>SGD con momento</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/fields.py" line="27"/>
        <source>Constant</source>
        <translation>Constante</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/fields.py" line="28"/>
        <source>Step (×0.1 every 3 epochs)</source>
        <translation>Escalonada (×0,1 cada 3 épocas)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/fields.py" line="29"/>
        <source>Cosine</source>
        <translation>Coseno</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/form.py" line="51"/>
        <source>Edit architecture…</source>
        <translation>Editar arquitectura…</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/form.py" line="56"/>
        <source>Any torchvision classification model; the final layer is replaced</source>
        <translation>Cualquier modelo de clasificación de torchvision; se reemplaza la última capa</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/form.py" line="57"/>
        <source>Pretrained ImageNet weights (downloaded once)</source>
        <translation>Pesos preentrenados de ImageNet (se descargan una vez)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/form.py" line="59"/>
        <source>Freeze the backbone (transfer learning); untick to fine-tune everything</source>
        <translation>Congelar la red base (aprendizaje por transferencia); desmarcar para ajustar todo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/form.py" line="72"/>
        <source>Batch normalisation</source>
        <translation>Normalización por lotes</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/form.py" line="75"/>
        <source>Horizontal flip</source>
        <translation>Volteo horizontal</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/form.py" line="91"/>
        <source>{title} — download {mb} MB once</source>
        <translation>{title} — descarga única de {mb} MB</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/form.py" line="95"/>
        <source>Image folder…</source>
        <translation>Carpeta de imágenes…</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/form.py" line="101"/>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/form.py" line="103"/>
        <source>Architecture</source>
        <translation>Arquitectura</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/form.py" line="107"/>
        <source>Data set</source>
        <translation>Conjunto de datos</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/form.py" line="111"/>
        <source>Train / validation</source>
        <translation>Entrenamiento / validación</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/form.py" line="114"/>
        <source>Optimiser</source>
        <translation>Optimizador</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/form.py" line="115"/>
        <source>Learning rate</source>
        <translation>Tasa de aprendizaje</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/form.py" line="116"/>
        <source>Schedule</source>
        <translation>Programa de la tasa</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/form.py" line="117"/>
        <source>Batch size</source>
        <translation>Tamaño de lote</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/form.py" line="118"/>
        <source>Epochs</source>
        <translation>Épocas</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/form.py" line="119"/>
        <source>Weight decay (L2)</source>
        <translation>Decaimiento de pesos (L2)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/form.py" line="120"/>
        <source>L1 penalty</source>
        <translation>Penalización L1</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/form.py" line="125"/>
        <source>Dropout</source>
        <translation>Dropout</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/form.py" line="127"/>
        <source>Random shift</source>
        <translation>Desplazamiento aleatorio</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/form.py" line="128"/>
        <source>Random rotation (°)</source>
        <translation>Rotación aleatoria (°)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/form.py" line="132"/>
        <source>What</source>
        <translation>Qué</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/form.py" line="132"/>
        <source>Optimisation</source>
        <translation>Optimización</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/form.py" line="132"/>
        <source>Regularisation</source>
        <translation>Regularización</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/form.py" line="160"/>
        <source>Flipping digits or letters changes their meaning</source>
        <translation>Voltear dígitos o letras cambia su significado</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/form.py" line="165"/>
        <source>Image folder: one sub-folder per class</source>
        <translation>Carpeta de imágenes: una subcarpeta por clase</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/form.py" line="179"/>
        <source>Dropout and batch norm apply to new built-in and builder models</source>
        <translation>El dropout y la normalización por lotes se aplican a modelos integrados nuevos y del constructor</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/form.py" line="193"/>
        <source>Click Edit to design the network</source>
        <translation>Pulsar Editar para diseñar la red</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/form.py" line="227"/>
        <source>Folder: {path}</source>
        <translation>Carpeta: {path}</translation>
    </message>
</context>
<context>
    <name>TrainingModels</name>
    <message>
        <location filename="../../../cnnviz/gui/training/models.py" line="25"/>
        <source>Custom CNN</source>
        <translation>CNN propia</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/models.py" line="49"/>
        <source>No model is loaded yet; choose a new model instead.</source>
        <translation>Aún no hay ningún modelo cargado; elegir un modelo nuevo.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/models.py" line="73"/>
        <source>{model} on {dataset}</source>
        <translation>{model} con {dataset}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/models.py" line="87"/>
        <source>Design the custom architecture first (Edit architecture…).</source>
        <translation>Primero hay que diseñar la arquitectura propia (Editar arquitectura…).</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/models.py" line="93"/>
        <source>The custom architecture was designed for another data set: edit it again.</source>
        <translation>La arquitectura propia se diseñó para otro conjunto de datos: editarla de nuevo.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/models.py" line="105"/>
        <source>LeNet-5 reads 1-channel 28×28 images; choose TinyVGG or a builder model for colour data.</source>
        <translation>LeNet-5 lee imágenes de 1 canal de 28×28; para datos en color, elegir TinyVGG o un modelo del constructor.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/models.py" line="152"/>
        <source>Untick &apos;Pretrained&apos; to start from random weights instead.</source>
        <translation>Desmarcar «Pesos preentrenados» para empezar con pesos aleatorios.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/models.py" line="187"/>
        <source>{name} cannot read {size} inputs: {detail}</source>
        <translation>{name} no puede leer entradas de {size}: {detail}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/models.py" line="195"/>
        <source>{name} has {outputs} outputs but the data set has {classes} classes.</source>
        <translation>{name} tiene {outputs} salidas, pero el conjunto de datos tiene {classes} clases.</translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <location filename="../../../cnnviz/gui/training/panel.py" line="70"/>
        <source>Start</source>
        <translation>Iniciar</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/panel.py" line="71"/>
        <location filename="../../../cnnviz/gui/training/panel.py" line="119"/>
        <source>Pause</source>
        <translation>Pausar</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/panel.py" line="72"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/panel.py" line="73"/>
        <source>Train with these settings (the app stays usable)</source>
        <translation>Entrenar con estos ajustes (la aplicación sigue respondiendo)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/panel.py" line="74"/>
        <source>Save checkpoint…</source>
        <translation>Guardar punto de control…</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/panel.py" line="75"/>
        <source>Architecture, weights, labels and training history in one file</source>
        <translation>Arquitectura, pesos, etiquetas e historial de entrenamiento en un solo archivo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/panel.py" line="76"/>
        <source>Resume from checkpoint…</source>
        <translation>Reanudar desde punto de control…</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/panel.py" line="77"/>
        <source>Continue a cancelled or autosaved run where it stopped</source>
        <translation>Continuar un entrenamiento cancelado o autoguardado donde se detuvo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/panel.py" line="80"/>
        <source>Choose a model and a data set, then Start.</source>
        <translation>Elegir un modelo y un conjunto de datos y pulsar Iniciar.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/panel.py" line="119"/>
        <source>Resume</source>
        <translation>Reanudar</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/panel.py" line="209"/>
        <source>Preparing the data set…</source>
        <translation>Preparando el conjunto de datos…</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/panel.py" line="222"/>
        <source>Paused: drawing and inspecting work as usual.</source>
        <translation>En pausa: dibujar e inspeccionar funcionan como siempre.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/panel.py" line="227"/>
        <source>Cancelling…</source>
        <translation>Cancelando…</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/run_status.py" line="24"/>
        <source>epoch {epoch}/{epochs} · step {step}/{steps} · loss {loss} · accuracy {accuracy}% · {rate} samples/s · ETA {eta}</source>
        <translation>época {epoch}/{epochs} · paso {step}/{steps} · pérdida {loss} · exactitud {accuracy} % · {rate} muestras/s · faltan {eta}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/panel.py" line="268"/>
        <source>training, step {step}</source>
        <translation>entrenamiento, paso {step}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/panel.py" line="272"/>
        <source>step {step} (epoch {epoch})</source>
        <translation>paso {step} (época {epoch})</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/panel.py" line="280"/>
        <source>Training stopped: {reason}</source>
        <translation>El entrenamiento se detuvo: {reason}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/panel.py" line="281"/>
        <source>Training failed; the weights so far are kept.</source>
        <translation>El entrenamiento falló; se conservan los pesos obtenidos.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../cnnviz/gui/training/panel.py" line="287"/>
        <source>after %n epoch(s) of training</source>
        <translation>
            <numerusform>tras %n época de entrenamiento</numerusform>
            <numerusform>tras %n épocas de entrenamiento</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TrainingPlots</name>
    <message>
        <location filename="../../../cnnviz/gui/training/plots.py" line="51"/>
        <source>step</source>
        <translation>paso</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/plots.py" line="67"/>
        <source>Loss</source>
        <translation>Pérdida</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/plots.py" line="67"/>
        <source>cross-entropy</source>
        <translation>entropía cruzada</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/plots.py" line="68"/>
        <source>Accuracy</source>
        <translation>Exactitud</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/plots.py" line="68"/>
        <source>accuracy</source>
        <translation>exactitud</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/plots.py" line="70"/>
        <source>train</source>
        <translation>entrenamiento</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/plots.py" line="70"/>
        <source>validation</source>
        <translation>validación</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/plots.py" line="77"/>
        <source>Curves</source>
        <translation>Curvas</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/plots.py" line="79"/>
        <source>Confusion matrix (validation)</source>
        <translation>Matriz de confusión (validación)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/plots.py" line="80"/>
        <source>true class</source>
        <translation>clase real</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/plots.py" line="81"/>
        <source>predicted class</source>
        <translation>clase predicha</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/plots.py" line="88"/>
        <source>Accuracy per class (validation)</source>
        <translation>Exactitud por clase (validación)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training/plots.py" line="92"/>
        <source>Confusion</source>
        <translation>Confusión</translation>
    </message>
</context>
<context>
    <name>TrainingWorker</name>
    <message>
        <location filename="../../../cnnviz/gui/training_worker.py" line="135"/>
        <source>Cancelled while loading the data set.</source>
        <translation>Cancelado mientras se cargaba el conjunto de datos.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training_worker.py" line="146"/>
        <source>Preparing the model (downloading pretrained weights once)…</source>
        <translation>Preparando el modelo (descarga única de los pesos preentrenados)…</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training_worker.py" line="148"/>
        <source>Building the model…</source>
        <translation>Construyendo el modelo…</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training_worker.py" line="219"/>
        <source>Autosave failed ({reason}); training continues.</source>
        <translation>Falló el autoguardado ({reason}); el entrenamiento continúa.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training_worker.py" line="222"/>
        <source>Autosaved epoch {epoch} to {path}</source>
        <translation>Época {epoch} autoguardada en {path}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training_worker.py" line="230"/>
        <source>Paused</source>
        <translation>En pausa</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training_worker.py" line="236"/>
        <source>Training cancelled; the weights so far are kept and can be saved or resumed.</source>
        <translation>Entrenamiento cancelado; se conservan los pesos obtenidos, que se pueden guardar o reanudar.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training_worker.py" line="240"/>
        <source>Training finished.</source>
        <translation>Entrenamiento terminado.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/training_worker.py" line="241"/>
        <source>Training finished. Validation accuracy {accuracy}%.</source>
        <translation>Entrenamiento terminado. Exactitud de validación: {accuracy} %.</translation>
    </message>
</context>
</TS>
